import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Secrets Manager's documented write quotas per account and region
 * ("AWS Secrets Manager quotas", reference_limits.html): each group shares
 * one rate, 50 requests per second, not adjustable. Reads (`GetSecretValue`,
 * `DescribeSecret`: thousands per second) are not limited here.
 */
export const SECRETS_MANAGER_WRITE_QUOTAS: Readonly<Record<string, readonly string[]>> = {
  RotateSecret: ["RotateSecret", "CancelRotateSecret"],
  TagResource: ["TagResource", "UntagResource"],
  PutSecretValue: [
    "PutSecretValue",
    "RemoveRegionsFromReplication",
    "ReplicateSecretToRegion",
    "StopReplicationToReplica",
    "UpdateSecret",
    "UpdateSecretVersionStage",
  ],
};

export interface ThrottleProxyOptions {
  /** Requests per second each quota group admits. @default 50 */
  readonly ratePerSecond?: number;
  /** The quota groups enforced. @default SECRETS_MANAGER_WRITE_QUOTAS */
  readonly quotas?: Readonly<Record<string, readonly string[]>>;
  /**
   * Answers an admitted call itself (a JSON body, HTTP 200) instead of
   * forwarding it, or `undefined` to forward: isolates the caller's rate
   * limiting from the upstream's speed.
   */
  readonly answer?: (operation: string, requestBody: string) => string | undefined;
}

export interface ThrottleProxy {
  readonly endpoint: string;
  /** Requests admitted (forwarded) per operation. */
  readonly admitted: Record<string, number>;
  /** Requests answered with `ThrottlingException` per operation. */
  readonly throttled: Record<string, number>;
  /** The most requests of one quota group admitted in any 1-second window. */
  peakPerSecond(group: string): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of any AWS endpoint (moto, or an emulator in
 * front of it) that enforces Secrets Manager's write quotas the strict way:
 * a sliding one-second window per quota group, so no 1,000 ms ever admits
 * more than the rate. A request over the quota is answered as AWS answers
 * it — HTTP 400 with `{"__type":"ThrottlingException","message":"Rate
 * exceeded"}` in the JSON protocol — without reaching the upstream (it had
 * no effect, so the SDK may retry it). Everything else passes through.
 */
export async function startThrottleProxy(
  target: string,
  options: ThrottleProxyOptions = {},
): Promise<ThrottleProxy> {
  const upstream = new URL(target);
  const rate = options.ratePerSecond ?? 50;
  const quotas = options.quotas ?? SECRETS_MANAGER_WRITE_QUOTAS;
  const groupOf = new Map<string, string>();
  for (const [group, operations] of Object.entries(quotas))
    for (const operation of operations) groupOf.set(operation, group);
  const windows = new Map<string, number[]>();
  const peaks = new Map<string, number>();
  const admitted: Record<string, number> = {};
  const throttled: Record<string, number> = {};

  /** Admits a request of `group` now if the last second admitted fewer than `rate`. */
  const admit = (group: string): boolean => {
    const now = performance.now();
    const window = (windows.get(group) ?? []).filter((t) => now - t < 1000);
    if (window.length >= rate) {
      windows.set(group, window);
      return false;
    }
    window.push(now);
    windows.set(group, window);
    peaks.set(group, Math.max(peaks.get(group) ?? 0, window.length));
    return true;
  };

  const server: Server = createServer((req, res) => {
    res.on("error", () => undefined);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const operation = target.startsWith("secretsmanager.") ? (target.split(".").pop() ?? "") : "";
      const group = groupOf.get(operation);
      if (group !== undefined && !admit(group)) {
        throttled[operation] = (throttled[operation] ?? 0) + 1;
        const body = JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" });
        res.writeHead(400, {
          "content-type": "application/x-amz-json-1.1",
          "x-amzn-errortype": "ThrottlingException",
          "content-length": String(Buffer.byteLength(body)),
        });
        res.end(body);
        return;
      }
      if (operation !== "") admitted[operation] = (admitted[operation] ?? 0) + 1;
      const own =
        operation === ""
          ? undefined
          : options.answer?.(operation, Buffer.concat(chunks).toString("utf8"));
      if (own !== undefined) {
        res.writeHead(200, {
          "content-type": "application/x-amz-json-1.1",
          "content-length": String(Buffer.byteLength(own)),
        });
        res.end(own);
        return;
      }
      const up = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer: IncomingMessage) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.on("error", () => req.socket.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    admitted,
    throttled,
    peakPerSecond: (group) => peaks.get(group) ?? 0,
    reset: () => {
      windows.clear();
      peaks.clear();
      for (const key of Object.keys(admitted)) delete admitted[key];
      for (const key of Object.keys(throttled)) delete throttled[key];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
