import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { forward } from "../aws/forwardRequest";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../aws/motoClients";
import { loadBundledHandler, type RotationHandler } from "../bundle";
import { RotationOrchestrator, type RotationOutcome } from "../orchestrator";
import type { FleetSecret, FleetWorld } from "./fleetWorld";
import type { StepPool } from "./stepPool";

/**
 * What `harness/aws/awsEmulator.ts` does for one secret, for a fleet: in
 * front of moto it plays Secrets Manager invoking each secret's rotation
 * function after `RotateSecret` (the four steps through the bundled handler,
 * then `AWSPENDING` cleared) and Lambda `Invoke` of a secret's function
 * (maintenance actions); everything else goes to moto. Like Lambda, it runs
 * one invocation per execution environment at a time and keeps environments
 * warm: a vendor's rotation steps share a pool of `stepEnvironments`
 * environments, and each function gets its own environment for maintenance
 * actions (they read `ROTATION_SECRET_ARN`). What each invocation prints is
 * attributed to it through `AsyncLocalStorage` (invocations run
 * concurrently) and shipped to moto's CloudWatch Logs group
 * `/aws/lambda/<function>`, as Lambda does. With `steps` (a
 * {@link StepPool}) the rotation steps run out of process instead, in the
 * pool's worker processes (their output is kept for leak scans, not shipped).
 */
export interface FleetEmulator {
  readonly endpoint: string;
  /** Run the steps after a `RotateSecret` through the emulator (on by default). */
  setRunSteps(on: boolean): void;
  /** Rotates one secret directly (moto + steps), e.g. to give every secret its first key. */
  rotate(secret: FleetSecret): Promise<RotationOutcome>;
  /** Runs the steps of a rotation already started (its `AWSPENDING` token), as Secrets Manager's retry would. */
  finish(secret: FleetSecret, token: string): Promise<RotationOutcome>;
  /** Resolves when the rotations started through the emulator have finished. */
  idle(): Promise<void>;
  /** Every line any handler printed (logs, metrics), for leak scans. */
  lines(): readonly string[];
  /** Outcomes of the rotations the emulator ran after a `RotateSecret`, by token. */
  readonly outcomes: ReadonlyMap<string, RotationOutcome>;
  /** When each of those rotations' `RotateSecret` was answered and when its steps finished (epoch ms), by token. */
  readonly acceptedAt: ReadonlyMap<string, number>;
  readonly finishedAt: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

interface Environment {
  readonly handler: RotationHandler;
  busy: boolean;
}

export async function startFleetEmulator(
  world: FleetWorld,
  options: { stepEnvironments?: number; steps?: StepPool } = {},
): Promise<FleetEmulator> {
  const upstream = new URL(world.motoEndpoint);
  const logs = new CloudWatchLogsClient({
    endpoint: world.motoEndpoint,
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
  });
  const byId = new Map<string, FleetSecret>();
  for (const s of world.secrets) {
    byId.set(s.arn, s);
    byId.set(s.name, s);
    byId.set(s.functionName, s);
  }
  const cap = options.stepEnvironments ?? 8;
  const stepPools = new Map<string, Environment[]>();
  const maintenance = new Map<string, Environment>();
  const waiting: Array<() => void> = [];
  const running = new Set<Promise<unknown>>();
  const outcomes = new Map<string, RotationOutcome>();
  const acceptedAt = new Map<string, number>();
  const finishedAt = new Map<string, number>();
  const shipped: string[] = [];
  const groups = new Set<string>();
  let runSteps = true;

  // One patch of stdout/stderr for the emulator's life: a write made inside an
  // invocation goes to that invocation's buffer, any other write goes through.
  const sink = new AsyncLocalStorage<string[]>();
  const original = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const route = (fallback: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const buffer = sink.getStore();
      if (buffer === undefined) return (fallback as (...a: unknown[]) => boolean)(chunk, ...rest);
      buffer.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = route(original.out);
  process.stderr.write = route(original.err);

  // Loading a handler applies its environment to process.env and the bundle
  // reads it at its first invocation: loads and first invocations run one at a time.
  let loading: Promise<void> = Promise.resolve();
  const firstRun = <T>(env: Record<string, string>, run: (h: RotationHandler) => Promise<T>) => {
    const result = loading.then(async () => {
      const handler = loadBundledHandler(env);
      return { handler, value: await run(handler) };
    });
    loading = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  /** Runs `work` in the invocation's log context and ships what it printed to the function's log group. */
  const invocation = async <T>(secret: FleetSecret, work: () => Promise<T>): Promise<T> => {
    const buffer: string[] = [];
    try {
      return await sink.run(buffer, work);
    } finally {
      const lines = buffer
        .join("")
        .split("\n")
        .filter((l) => l.length > 0);
      shipped.push(...lines);
      if (lines.length > 0) await ship(secret.functionName, lines);
    }
  };

  const ship = async (functionName: string, lines: readonly string[]) => {
    const logGroupName = `/aws/lambda/${functionName}`;
    if (!groups.has(logGroupName)) {
      groups.add(logGroupName);
      await logs.send(new CreateLogGroupCommand({ logGroupName })).catch(() => undefined);
    }
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
  };

  /** A free warm step environment of the secret's vendor, a new one under the cap, or the next one freed. */
  const withStepEnvironment = async <T>(
    secret: FleetSecret,
    run: (h: RotationHandler) => Promise<T>,
  ): Promise<T> => {
    for (;;) {
      const pool = stepPools.get(secret.vendor) ?? [];
      stepPools.set(secret.vendor, pool);
      const free = pool.find((e) => !e.busy);
      if (free !== undefined) {
        free.busy = true;
        try {
          return await run(free.handler);
        } finally {
          free.busy = false;
          waiting.shift()?.();
        }
      }
      if (pool.length < cap) {
        const reserved: Environment = { handler: async () => undefined, busy: true };
        pool.push(reserved);
        try {
          const { handler, value } = await firstRun(secret.env, run);
          pool[pool.indexOf(reserved)] = { handler, busy: false };
          return value;
        } catch (error) {
          pool.splice(pool.indexOf(reserved), 1);
          throw error;
        } finally {
          waiting.shift()?.();
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };

  const orchestrate = (
    secret: FleetSecret,
    act: (o: RotationOrchestrator) => Promise<RotationOutcome>,
  ) => {
    const pool = options.steps;
    if (pool !== undefined) {
      return act(
        new RotationOrchestrator({
          client: world.client,
          handler: pool.handlerFor(secret),
          rotationLambdaArn: secret.functionArn,
        }),
      );
    }
    return withStepEnvironment(secret, (handler) =>
      invocation(secret, () =>
        act(
          new RotationOrchestrator({
            client: world.client,
            handler,
            rotationLambdaArn: secret.functionArn,
          }),
        ),
      ),
    );
  };

  const invokeMaintenance = async (secret: FleetSecret, payload: unknown): Promise<unknown> => {
    const warm = maintenance.get(secret.functionName);
    if (warm !== undefined) return invocation(secret, () => warm.handler(payload));
    const { handler, value } = await firstRun(secret.env, (h) =>
      invocation(secret, () => h(payload)),
    );
    maintenance.set(secret.functionName, { handler, busy: false });
    return value;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "");
      if (req.method === "POST" && invoke) {
        const name = decodeURIComponent(invoke[1] ?? "");
        const secret = byId.get(name) ?? byId.get(name.split(":function:")[1]?.split(":")[0] ?? "");
        if (secret === undefined) {
          res.writeHead(404, {
            "content-type": "application/json",
            "x-amzn-errortype": "ResourceNotFoundException",
          });
          res.end(JSON.stringify({ Type: "User", Message: `Function not found: ${name}` }));
          return;
        }
        invokeMaintenance(secret, JSON.parse(body.toString("utf8") || "{}") as unknown).then(
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
      const target = String(req.headers["x-amz-target"] ?? "");
      forward(upstream, req, body, (status, headers, answer) => {
        res.writeHead(status, headers);
        res.end(answer);
        if (!runSteps || !target.endsWith(".RotateSecret") || status !== 200) return;
        const request = JSON.parse(body.toString("utf8")) as { SecretId: string };
        const secret = byId.get(request.SecretId);
        if (secret === undefined) return;
        const token = (JSON.parse(answer.toString("utf8")) as { VersionId: string }).VersionId;
        acceptedAt.set(token, Date.now());
        const steps = orchestrate(secret, (o) => o.retry(secret.arn, token)).then(
          (outcome) => {
            outcomes.set(token, outcome);
            finishedAt.set(token, Date.now());
          },
          () => undefined,
        );
        running.add(steps);
        void steps.then(() => running.delete(steps));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRunSteps: (on) => {
      runSteps = on;
    },
    rotate: (secret) => orchestrate(secret, (o) => o.rotate(secret.arn)),
    finish: (secret, token) => orchestrate(secret, (o) => o.retry(secret.arn, token)),
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
    lines: () => [...shipped, ...(options.steps?.lines() ?? [])],
    outcomes,
    acceptedAt,
    finishedAt,
    close: () =>
      new Promise<void>((resolve) => {
        process.stdout.write = original.out;
        process.stderr.write = original.err;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
