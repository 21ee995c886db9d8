/**
 * A real HTTP server on 127.0.0.1 that answers from a script, for adapter
 * unit tests that need an answer no simulator gives (an undocumented body,
 * a 403 without text). Records each request's method, URL and body.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer; `body` objects are sent as JSON. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A running scripted server. */
export interface ScriptedServer {
  readonly baseUrl: string;
  /** Answers to give, in order; an empty script answers 599. */
  script: ScriptedAnswer[];
  readonly received: Array<{ method: string; url: string; body: string }>;
  close(): Promise<void>;
}

/** Starts a scripted server on a random port. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const state: Pick<ScriptedServer, "script" | "received"> = { script: [], received: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      state.received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const next = state.script.shift() ?? { status: 599, body: "script exhausted" };
      const text =
        next.body === undefined
          ? ""
          : typeof next.body === "string"
            ? next.body
            : JSON.stringify(next.body);
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
