import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { captureOutput } from "../captureOutput";
import type { RotationWorld } from "../rotationWorld";
import { forward } from "./forwardRequest";
import { MOTO_CREDENTIALS, MOTO_REGION } from "./motoClients";

/**
 * Plays the two AWS services moto cannot play for us, in front of moto, so
 * the operator CLI can be tested end to end over HTTP with the real SDK:
 * - Secrets Manager invoking the rotation function: after a `RotateSecret`
 *   answered by moto, the four steps run through the bundled handler (and
 *   AWSPENDING is cleared), as the service does;
 * - Lambda `Invoke` of the rotation function: the bundled handler runs with
 *   the payload and the answer has Lambda's shape (`X-Amz-Function-Error`).
 * Whatever the handler prints is shipped to moto's CloudWatch Logs group
 * `/aws/lambda/<function>`, as Lambda does. Everything else goes to moto.
 */
export interface AwsEmulator {
  readonly endpoint: string;
  /** Resolves when rotations started through the emulator have finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startAwsEmulator(
  world: RotationWorld,
  motoEndpoint: string,
): Promise<AwsEmulator> {
  const upstream = new URL(motoEndpoint);
  const functionName = world.rotationLambdaArn.split(":function:")[1] ?? "rotation";
  const logGroupName = `/aws/lambda/${functionName}`;
  const logs = new CloudWatchLogsClient({
    endpoint: motoEndpoint,
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
  });
  await logs.send(new CreateLogGroupCommand({ logGroupName })).catch(() => undefined);
  const running = new Set<Promise<void>>();

  /** Runs the handler the way Lambda would, shipping its output to CloudWatch Logs. */
  const invoke = async <T>(run: () => Promise<T>): Promise<T> => {
    const output = captureOutput({ passThrough: true });
    try {
      return await run();
    } finally {
      output.restore();
      const lines = output.lines();
      if (lines.length > 0) {
        const logStreamName = `${new Date().toISOString().slice(0, 10)}/[$LATEST]${randomUUID().replace(/-/g, "")}`;
        await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
        const now = Date.now();
        await logs.send(
          new PutLogEventsCommand({
            logGroupName,
            logStreamName,
            logEvents: lines.map((message, i) => ({ timestamp: now + i, message })),
          }),
        );
      }
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers["x-amz-target"] ?? "");
      if (
        req.method === "POST" &&
        /^\/2015-03-31\/functions\/[^/]+\/invocations/.test(req.url ?? "")
      ) {
        void invoke(() => world.handler(JSON.parse(body.toString("utf8") || "{}") as unknown)).then(
          (result) => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify(result ?? null));
          },
          (error: unknown) => {
            const e = error as { name?: string; message?: string };
            res.writeHead(200, {
              "content-type": "application/json",
              "x-amz-function-error": "Unhandled",
            });
            res.end(
              JSON.stringify({
                errorType: e.name ?? "Error",
                errorMessage: e.message ?? String(error),
              }),
            );
          },
        );
        return;
      }
      forward(upstream, req, body, (status, headers, answer) => {
        res.writeHead(status, headers);
        res.end(answer);
        if (target.endsWith(".RotateSecret") && status === 200) {
          const request = JSON.parse(body.toString("utf8")) as {
            SecretId: string;
            RotateImmediately?: boolean;
          };
          const token = (JSON.parse(answer.toString("utf8")) as { VersionId: string }).VersionId;
          const steps = invoke(async () => {
            await world.orchestrator.retry(request.SecretId, token);
          }).catch(() => undefined);
          running.add(steps);
          void steps.then(() => running.delete(steps));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    idle: async () => {
      await Promise.all([...running]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
