/**
 * A real HTTP server on 127.0.0.1 (random port) that runs one vendor's
 * {@link SimDialect}: it reads the request, applies the queued faults
 * (failures before the operation takes effect, latency, drop-after-create,
 * malformed bodies after it), logs the exchange and writes the answer. The
 * dialect knows the vendor: routes, auth, bodies, status codes, error bodies.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimFailureStatus, SimMalformKind, SimOperation } from "../vendorSimulator";
import type { FaultSwitches } from "./simFaults";

/** A request as a dialect sees it. */
export interface SimRequest {
  readonly method: string;
  /** Raw path as received (percent-encoding kept), without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

/** An answer: `json` is serialized by the server, `text` is sent as is. */
export interface SimReply {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** The secret of a key this request created (for drop-after-create and issued-secret tracking). */
  readonly createdSecret?: string;
}

/** One vendor's API, as the server drives it. */
export interface SimDialect {
  /** What a request is, for the log and for fault targeting. */
  classify(method: string, path: string): SimOperation;
  handle(request: SimRequest, operation: SimOperation): SimReply;
  /** The vendor's answer to an injected failure (429 with `Retry-After`, 5xx). */
  failure(status: SimFailureStatus, retryAfterSeconds: number): SimReply;
  /** Removes the key's secret or id from a success body (a clone, safe to mutate). */
  malform(json: unknown, kind: Exclude<SimMalformKind, "not-json">): unknown;
}

/** A logged request; `status` is 0 when the connection was dropped unanswered. */
export interface SimLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly operation: SimOperation;
}

/** The whole exchange, for contract tests (holds secrets: test use only). */
export interface SimExchange extends SimLogEntry {
  readonly query: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: string;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string;
}

export interface SimServer {
  readonly baseUrl: string;
  readonly requests: SimLogEntry[];
  readonly exchanges: SimExchange[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const NOT_JSON_PAGE = "<html><body>Upstream returned an unexpected page</body></html>";

/** Starts the server; `onIssued` hears every created secret written into a response. */
export async function startSimServer(
  dialect: SimDialect,
  faults: FaultSwitches,
  onIssued: (secret: string) => void,
): Promise<SimServer> {
  const requests: SimLogEntry[] = [];
  const exchanges: SimExchange[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://simulator");
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const operation = dialect.classify(method, path);
      const rawBody = await readBody(req);
      const failure = rawBody === undefined ? undefined : faults.takeFailure(operation);
      let reply: SimReply;
      if (rawBody === undefined) reply = { status: 413, text: "Request Entity Too Large" };
      else if (failure !== undefined)
        reply = dialect.failure(failure.status, failure.retryAfterSeconds);
      else {
        const request = { method, path, query: url.searchParams, headers: req.headers, rawBody };
        reply = dialect.handle(request, operation);
      }
      await sleep(faults.latencyMs);
      const entry = { method, path, operation };
      if (reply.createdSecret !== undefined && faults.takeDrop()) {
        requests.push({ ...entry, status: 0 });
        req.socket.destroy();
        return;
      }
      const malformation =
        reply.status >= 200 && reply.status < 300 ? faults.takeMalformation(operation) : undefined;
      const { text, contentType } = render(dialect, reply, malformation);
      if (reply.createdSecret !== undefined && text.includes(reply.createdSecret)) {
        onIssued(reply.createdSecret);
      }
      const headers: Record<string, string> = { ...reply.headers };
      if (text !== "") headers["Content-Type"] = contentType;
      requests.push({ ...entry, status: reply.status });
      exchanges.push({
        ...entry,
        status: reply.status,
        query: url.search,
        requestHeaders: req.headers,
        requestBody: rawBody ?? "",
        responseHeaders: headers,
        responseBody: text,
      });
      res.writeHead(reply.status, { ...headers, "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function render(
  dialect: SimDialect,
  reply: SimReply,
  malformation: SimMalformKind | undefined,
): { text: string; contentType: string } {
  if (malformation === "not-json") return { text: NOT_JSON_PAGE, contentType: "text/html" };
  if (reply.json === undefined) {
    return { text: reply.text ?? "", contentType: reply.contentType ?? "text/plain" };
  }
  const json =
    malformation === undefined
      ? reply.json
      : dialect.malform(structuredClone(reply.json), malformation);
  return { text: JSON.stringify(json), contentType: reply.contentType ?? "application/json" };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Deletes `field` from an object, or from each object of an array (for malformations). */
export function deleteField(value: unknown, field: string): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item !== null && typeof item === "object") delete (item as Record<string, unknown>)[field];
  }
}
