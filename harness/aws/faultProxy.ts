import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy in front of moto for the Secrets Manager JSON protocol.
 * The handler under test is pointed at it with AWS_ENDPOINT_URL_SECRETS_MANAGER
 * (the standard variable), so the bundle's own SDK client talks through it.
 * It counts calls per operation (X-Amz-Target) and injects faults:
 * - `before`: answer an error without forwarding (the call had no effect);
 *   `status` 400 + `ThrottlingException` plays a throttle, the default a 500;
 * - `after`: forward, then drop the connection (the call took effect, the
 *   caller never learns it).
 * Hooks (see {@link ProxyHooks}) let a test answer a call itself, rewrite an
 * answer, hold it (so a scheduler picks the order answers go out), and act
 * between the commit upstream and the answer (e.g. kill the caller).
 */
export interface ProxyFault {
  readonly operation: string;
  readonly mode: "before" | "after";
  remaining: number;
  /** For `before`: the HTTP status and error type answered. @default 500 InternalServiceError */
  readonly status?: number;
  readonly errorType?: string;
}

/** An answer a hook gives instead of forwarding. */
export interface ProxyAnswer {
  readonly status: number;
  readonly body: string;
}

/** What a hook is told about a call. */
export interface ProxyCall {
  readonly operation: string;
  readonly requestBody: string;
}

export interface ProxyHooks {
  /**
   * Answers a call itself (AWS behaviour moto lacks), or `undefined` to forward
   * it. Mutating calls run one at a time from `intercept` to moto's answer.
   */
  readonly intercept?: (call: ProxyCall) => Promise<ProxyAnswer | undefined>;
  /** Rewrites moto's answer (e.g. its clock) before it is written. */
  readonly rewrite?: (call: ProxyCall, status: number, body: string) => string;
  /** Holds every answer until the promise resolves (a scheduler decides the order). */
  readonly hold?: (call: ProxyCall) => Promise<void>;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Calls seen per operation, e.g. `{ PutSecretValue: 2 }`. */
  readonly counts: Record<string, number>;
  failNext(
    operation: string,
    count: number,
    mode: "before" | "after",
    answer?: { status: number; errorType: string },
  ): void;
  /**
   * Runs `callback` once, after moto answered the next successful `operation`
   * and before the answer is written back to the caller.
   */
  onCommitted(operation: string, callback: (call: ProxyCall) => void | Promise<void>): void;
  setHooks(hooks: ProxyHooks): void;
  clearFaults(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

const MUTATING = new Set([
  "RotateSecret",
  "PutSecretValue",
  "UpdateSecretVersionStage",
  "TagResource",
  "UntagResource",
  "CancelRotateSecret",
]);

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const counts: Record<string, number> = {};
  const faults: ProxyFault[] = [];
  const committed: Array<{ operation: string; callback: (call: ProxyCall) => unknown }> = [];
  let hooks: ProxyHooks = {};
  let lock: Promise<void> = Promise.resolve();

  /** Runs `work` alone among mutating calls when an `intercept` hook is set. */
  const exclusive = async <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    if (hooks.intercept === undefined || !MUTATING.has(operation)) return work();
    const previous = lock;
    let release: () => void = () => undefined;
    lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  };

  const server: Server = createServer((req, res) => {
    res.on("error", () => undefined);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operation =
        String(req.headers["x-amz-target"] ?? "")
          .split(".")
          .pop() ?? "unknown";
      counts[operation] = (counts[operation] ?? 0) + 1;
      const requestBody = Buffer.concat(chunks);
      const call: ProxyCall = { operation, requestBody: requestBody.toString("utf8") };
      const fault = faults.find((f) => f.operation === operation && f.remaining > 0);
      if (fault) fault.remaining -= 1;
      if (fault?.mode === "before") {
        res.writeHead(fault.status ?? 500, { "content-type": "application/x-amz-json-1.1" });
        res.end(
          JSON.stringify({
            __type: fault.errorType ?? "InternalServiceError",
            message: "injected fault before the call",
          }),
        );
        return;
      }
      void exclusive(operation, async () => {
        const own = await hooks.intercept?.(call);
        if (own !== undefined)
          return { status: own.status, headers: jsonHeaders(), body: Buffer.from(own.body) };
        return forward(upstream, req, requestBody);
      }).then(
        async (answer) => {
          const ok = answer.status >= 200 && answer.status < 300;
          const hook = ok ? committed.find((c) => c.operation === operation) : undefined;
          if (hook) {
            committed.splice(committed.indexOf(hook), 1);
            await hook.callback(call);
          }
          if (fault?.mode === "after") {
            req.socket.destroy();
            return;
          }
          await hooks.hold?.(call);
          const text = answer.body.toString("utf8");
          const body = hooks.rewrite
            ? Buffer.from(hooks.rewrite(call, answer.status, text))
            : answer.body;
          const { "transfer-encoding": _chunked, ...kept } = answer.headers;
          const headers = { ...kept, "content-length": String(body.length) };
          res.writeHead(answer.status, headers);
          res.end(body);
        },
        () => req.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    failNext: (operation, count, mode, answer) =>
      faults.push({
        operation,
        mode,
        remaining: count,
        ...(answer === undefined ? {} : { status: answer.status, errorType: answer.errorType }),
      }),
    onCommitted: (operation, callback) => committed.push({ operation, callback }),
    setHooks: (next) => {
      hooks = next;
    },
    clearFaults: () => {
      faults.length = 0;
      committed.length = 0;
    },
    resetCounts: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Upstream {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

function jsonHeaders(): IncomingMessage["headers"] {
  return { "content-type": "application/x-amz-json-1.1" };
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up: IncomingMessage) => {
        const parts: Buffer[] = [];
        up.on("data", (c: Buffer) => parts.push(c));
        up.on("end", () =>
          resolve({
            status: up.statusCode ?? 502,
            headers: up.headers,
            body: Buffer.concat(parts),
          }),
        );
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}
