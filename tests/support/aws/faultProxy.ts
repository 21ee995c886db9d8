import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy in front of moto for the Secrets Manager JSON protocol.
 * The handler under test is pointed at it with AWS_ENDPOINT_URL_SECRETS_MANAGER
 * (the standard variable), so the bundle's own SDK client talks through it.
 * It counts calls per operation (X-Amz-Target) and injects faults:
 * - `before`: answer an error without forwarding (the call had no effect);
 * - `after`: forward, then drop the connection (the call took effect, the
 *   caller never learns it).
 */
export interface ProxyFault {
  readonly operation: string;
  readonly mode: "before" | "after";
  remaining: number;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Calls seen per operation, e.g. `{ PutSecretValue: 2 }`. */
  readonly counts: Record<string, number>;
  failNext(operation: string, count: number, mode: "before" | "after"): void;
  clearFaults(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const counts: Record<string, number> = {};
  const faults: ProxyFault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const operation =
        String(req.headers["x-amz-target"] ?? "")
          .split(".")
          .pop() ?? "unknown";
      counts[operation] = (counts[operation] ?? 0) + 1;
      const fault = faults.find((f) => f.operation === operation && f.remaining > 0);
      if (fault) fault.remaining -= 1;
      if (fault?.mode === "before") {
        res.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
        res.end(
          JSON.stringify({
            __type: "InternalServiceError",
            message: "injected fault before the call",
          }),
        );
        return;
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up: IncomingMessage) => {
          const body: Buffer[] = [];
          up.on("data", (c: Buffer) => body.push(c));
          up.on("end", () => {
            if (fault?.mode === "after") {
              req.socket.destroy();
              return;
            }
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    failNext: (operation, count, mode) => faults.push({ operation, mode, remaining: count }),
    clearFaults: () => {
      faults.length = 0;
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
