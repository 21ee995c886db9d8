import { request as httpRequest, type IncomingMessage } from "node:http";

/** Sends a received request on to `upstream` (moto) and hands back its answer; 502 when it cannot be reached. */
export function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
  done: (status: number, headers: IncomingMessage["headers"], answer: Buffer) => void,
): void {
  const up = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: req.method,
      headers: req.headers,
    },
    (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => done(res.statusCode ?? 502, res.headers, Buffer.concat(parts)));
    },
  );
  up.on("error", () => done(502, {}, Buffer.from("")));
  up.end(body);
}
