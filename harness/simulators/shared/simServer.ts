/**
 * The HTTP plumbing every vendor simulator shares: a real node:http server on
 * 127.0.0.1 (random port), a request log, a full exchange log (for contract
 * tests), and the `SimFaults` mechanics (latency, queued failures,
 * malformed answers, connection dropped after a create). A vendor simulator
 * supplies only its routes and its own bodies through {@link SimVendor}
 * (an object, or a class such as OpenAI's dialect), then wraps the result
 * with {@link assembleVendorSimulator}. Request helpers live in `simHttp.ts`.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type {
  SimFailureStatus,
  SimMalformKind,
  SimOperation,
  VendorSimulator,
} from "../vendorSimulator";
import type { FaultSwitches } from "./simFaults";
import { toSimKey, type SimKeyStore } from "./simKeyStore";
import { forgetHooks, runHooks } from "./simHooks";

export { bearerToken, deleteField, gatewayPage, header, jsonObject, segments } from "./simHttp";
export { simServerHooks, type SimHookCall, type SimServerHooks } from "./simHooks";

/** A request as a simulator's handler sees it. */
export interface SimRequest {
  readonly method: string;
  /** Path as received (percent-encoding kept), without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

/** A response for the server to write. */
export interface SimResponse {
  readonly status: number;
  /** A JSON value (serialized by the server), a string (sent as is), or nothing. */
  readonly body?: unknown;
  /** Defaults to `application/json` for a JSON value, `text/html` for a string. */
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Secrets the body carries; recorded as issued when they reach the client. */
  readonly secrets?: readonly string[];
  /** Set on a create that made a key, so `dropAfterCreate` can drop its answer. */
  readonly created?: boolean;
}

/** One request and its answer, as sent on the wire (`status` 0 = connection dropped). */
export interface SimExchange {
  readonly operation: SimOperation;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The query string exactly as sent (`?a=1&b=2`, order kept; `""` when there is none). */
  readonly search: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: string;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: string;
}

/**
 * What a vendor simulator plugs into the shared server.
 *
 * @typeParam ExtraMalform - malformations the vendor renders beyond the neutral ones.
 */
export interface SimVendor<ExtraMalform extends string = never> {
  /** Maps a method and raw path to the operation it is. */
  route(method: string, path: string): SimOperation;
  /** Handles a request (faults that fail it before it takes effect are applied first). */
  handle(request: SimRequest, operation: SimOperation): SimResponse;
  /** The vendor's own answer for an injected 429/5xx. */
  failure(status: SimFailureStatus, retryAfterSeconds: number): SimResponse;
  /** Corrupts a successful JSON body (`missing-secret` / `missing-id`...) in the vendor's shape. */
  malform(
    body: unknown,
    kind: Exclude<SimMalformKind, "not-json"> | ExtraMalform,
    operation: SimOperation,
  ): unknown;
  /** The vendor's answer to a body over 1 MiB; default an HTML 413 page. */
  tooLarge?(): SimResponse;
}

/** Where the server records the secrets that reached a client. */
export interface IssuedSecrets {
  recordIssued(secret: string): void;
}

/** A running server. */
export interface SimServer {
  readonly baseUrl: string;
  readonly requests: VendorSimulator["requests"];
  readonly exchanges: readonly SimExchange[];
  /** Clears the request and exchange logs. */
  clearLogs(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts a simulator server for `vendor` on 127.0.0.1 with a random port.
 * `faults` may be a function, for a simulator whose switches can be replaced.
 */
export async function startSimServer<ExtraMalform extends string = never>(
  vendor: SimVendor<ExtraMalform>,
  faults: FaultSwitches<ExtraMalform> | (() => FaultSwitches<ExtraMalform>),
  store: IssuedSecrets,
): Promise<SimServer> {
  const switches = typeof faults === "function" ? faults : () => faults;
  const requests: Array<{ method: string; path: string; status: number; operation: SimOperation }> =
    [];
  const exchanges: SimExchange[] = [];
  const server = createServer((req, res) => {
    void serve(req, res).catch(() => res.destroy());
  });
  let origin = "";

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const rawBody = await readBody(req);
    const operation = vendor.route(method, path);
    const failure = rawBody === undefined ? undefined : switches().takeFailure(operation);
    let response: SimResponse;
    if (rawBody === undefined)
      response = vendor.tooLarge?.() ?? {
        status: 413,
        body: "<html><body>413 Request Entity Too Large</body></html>",
      };
    else if (failure !== undefined)
      response = vendor.failure(failure.status, failure.retryAfterSeconds);
    else
      response = vendor.handle(
        { method, path, query: url.searchParams, headers: req.headers, rawBody },
        operation,
      );

    await sleep(switches().latencyMs);
    await runHooks(origin, { operation, status: response.status });
    const record = (
      status: number,
      responseHeaders: Record<string, string>,
      responseBody: string,
    ): void => {
      requests.push({ method, path, status, operation });
      exchanges.push({
        operation,
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        search: url.search,
        requestHeaders: req.headers,
        requestBody: rawBody ?? "",
        status,
        responseHeaders,
        responseBody,
      });
    };
    if (response.created === true && switches().takeDrop()) {
      record(0, {}, "");
      req.socket.destroy();
      return;
    }
    const success = response.status >= 200 && response.status < 300;
    const malformation = success ? switches().takeMalformation(operation) : undefined;
    const { text, contentType } = render(vendor, response, malformation, operation);
    for (const secret of response.secrets ?? [])
      if (text.includes(secret)) store.recordIssued(secret);
    const headers: Record<string, string> = {
      ...(text === "" ? {} : { "Content-Type": contentType }),
      ...response.headers,
    };
    record(response.status, headers, text);
    res.writeHead(response.status, {
      ...headers,
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: origin,
    requests,
    exchanges,
    clearLogs: () => {
      requests.length = 0;
      exchanges.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        forgetHooks(origin);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Wires a server, its store and its faults into the vendor-neutral `VendorSimulator`. */
export function assembleVendorSimulator(parts: {
  readonly vendor: string;
  readonly server: SimServer;
  readonly store: SimKeyStore<unknown>;
  readonly faults: FaultSwitches;
  readonly vendorOptions: Record<string, unknown>;
  readonly adminCredentialJson: string;
  /** The base URL the adapter is given, when below the server's (e.g. `/api/v4`). */
  readonly baseUrl?: string;
  /** Whether the vendor's verify call would accept `secret`; default: the store's view. */
  readonly isKeyAccepted?: (secret: string) => boolean;
}): VendorSimulator {
  const { server, store, faults } = parts;
  return {
    vendor: parts.vendor,
    baseUrl: parts.baseUrl ?? server.baseUrl,
    vendorOptions: parts.vendorOptions,
    adminCredentialJson: parts.adminCredentialJson,
    keys: () => store.all().map(toSimKey),
    activeKeys: () => store.active().map(toSimKey),
    issuedSecrets: () => store.issuedSecrets(),
    isKeyAccepted: parts.isKeyAccepted ?? ((secret) => store.rejection(secret) === undefined),
    revokeOutOfBand: (keyId) => {
      store.revoke(keyId);
    },
    requests: server.requests,
    faults,
    reset: () => {
      faults.clear();
      server.clearLogs();
    },
    close: () => server.close(),
  };
}

function render<ExtraMalform extends string>(
  vendor: SimVendor<ExtraMalform>,
  response: SimResponse,
  malformation: SimMalformKind | ExtraMalform | undefined,
  operation: SimOperation,
): { text: string; contentType: string } {
  if (response.body === undefined) return { text: "", contentType: "application/json" };
  if (typeof response.body === "string")
    return { text: response.body, contentType: response.contentType ?? "text/html" };
  if (malformation === "not-json") {
    return {
      text: "<html><body>Upstream returned an unexpected page</body></html>",
      contentType: "text/html",
    };
  }
  const body =
    malformation === undefined
      ? response.body
      : vendor.malform(structuredClone(response.body), malformation, operation);
  return { text: JSON.stringify(body), contentType: response.contentType ?? "application/json" };
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
