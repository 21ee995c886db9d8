import { keyRotatedPattern } from "../../lambdas/contract/keyRotatedEvent";
import { startEventSink, type EventSink } from "../aws/eventSink";
import { SecretsManagerClient, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { ConfigEnv } from "../../lambdas/contract/config";
import { isRetireEvent } from "../../lambdas/contract/events";
import { FLEET_TAG, settingTags } from "../../lambdas/contract/fleet";
import { MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint } from "../aws/motoClients";
import { ConsumerMetrics } from "../../lambdas/contract/metricNames";
import { recordConsumerMetric } from "../lifecycle";
import { RotationOrchestrator } from "../orchestrator";
import { createRotationWorld, type RotationWorld } from "../rotationWorld";
import type { SimHookCall } from "../simulators/shared/simServer";
import { simServerHooks, type SimServerHooks } from "../simulators/shared/simServer";
import { awsFidelityHooks, versionClock, type VersionClock } from "./awsFidelity";
import type { OffsetClock } from "./offsetClock";
import { StepWorkers, type InvocationOutcome } from "./stepWorkers";

/** Time each step is given (createSecret refuses to start with less than 20 s). */
export const STEP_BUDGET_MS = {
  createSecret: 22_000,
  setSecret: 6_000,
  testSecret: 6_500,
  finishSecret: 6_000,
} as const;
/** Time a maintenance or operator action is given. */
export const ACTION_BUDGET_MS = 8_000;
/** Configuration of the rotated secret under test. */
export const MODEL_CONFIG = {
  overlapHours: 24,
  revokeHardLimitHours: 72,
  usageQuietMinutes: 60,
  orphanSafetyMinutes: 60,
  stalePendingHours: 24,
  keyTtlDays: 365,
  /** A region where more consumers run (ROTATION_CONSUMER_REGIONS): their fallbacks land there. */
  consumerRegion: "eu-west-1",
} as const;

/**
 * One world for one command sequence: moto (through the fault proxy, which
 * plays the AWS behaviour moto lacks), the OpenAI simulator, and the bundled
 * handler in step workers (child processes, killed to crash a step), all on
 * one offset clock.
 */
export interface ModelWorld {
  readonly world: RotationWorld;
  readonly clock: OffsetClock;
  readonly workers: StepWorkers;
  readonly orchestrator: RotationOrchestrator;
  /** Straight to moto: for the model's reads (never faulted). */
  readonly moto: SecretsManagerClient;
  /** Through the proxy: what the operator CLI uses (AWS's RotateSecret rules apply). */
  readonly viaProxy: SecretsManagerClient;
  readonly versions: VersionClock;
  readonly simHooks: SimServerHooks;
  /** The `KeyRotated` events the handler put on moto's default bus for this secret. */
  readonly keyRotatedEvents: EventSink;
  /** Everything the workers and the test process printed, and every error message seen. */
  readonly output: string[];
  /** Whether a fleet function serves the secret (see {@link ModelWorldOptions.fleet}). */
  readonly fleet: boolean;
  /** Invokes the handler with a maintenance action. */
  action(event: Record<string, unknown>): Promise<InvocationOutcome>;
  /** Holds every vendor and Secrets Manager answer until `gate` resolves (undefined: no hold). */
  setGate(gate: ((label: string) => Promise<void>) | undefined): void;
  /** Holds vendor answers of `operation` for `ms` (a hang). */
  setHang(operation: SimHookCall["operation"] | undefined, ms?: number): void;
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Step workers for a series of worlds (see {@link StepWorkers.reset}). */
export function modelWorkers(clock: OffsetClock): StepWorkers {
  return new StepWorkers({
    env: {},
    offsetMs: () => clock.offsetMs(),
    onOutput: () => undefined,
  });
}

/**
 * What a fleet function's environment says when a secret's tags say
 * otherwise: every default differs from {@link MODEL_CONFIG}, so a step or
 * maintenance run that used the function's defaults instead of the secret's
 * own settings would break the overlap window, the usage gate or the orphan
 * and stale-pending safety margins the model checks.
 */
export const FLEET_DECOY_DEFAULTS = {
  [ConfigEnv.overlapHours]: "0",
  [ConfigEnv.keyTtlDays]: "1",
  [ConfigEnv.keyNamePrefix]: "decoy",
  [ConfigEnv.revokeHardLimitHours]: "0",
  [ConfigEnv.usageQuietMinutes]: "1",
  [ConfigEnv.orphanSafetyMinutes]: "0",
  [ConfigEnv.stalePendingHours]: "0",
} as const;

export interface ModelWorldOptions {
  /**
   * Serve the secret from a fleet function (`ROTATION_FLEET_NAME`): the
   * secret carries the fleet tag and {@link MODEL_CONFIG} as setting tags, the
   * function's environment holds {@link FLEET_DECOY_DEFAULTS}, and every
   * maintenance action names the secret. @default false
   */
  readonly fleet?: boolean;
}

export async function createModelWorld(
  label: string,
  clock: OffsetClock,
  workers: StepWorkers,
  options: ModelWorldOptions = {},
): Promise<ModelWorld> {
  clock.setOffset(0);
  const world = await createRotationWorld(label, {
    vendor: "openai",
    overlapHours: MODEL_CONFIG.overlapHours,
    keyTtlDays: MODEL_CONFIG.keyTtlDays,
    maxActiveKeys: 10,
    env: {
      ROTATION_REVOKE_HARD_LIMIT_HOURS: String(MODEL_CONFIG.revokeHardLimitHours),
      ROTATION_USAGE_QUIET_MINUTES: String(MODEL_CONFIG.usageQuietMinutes),
      ROTATION_ORPHAN_SAFETY_MINUTES: String(MODEL_CONFIG.orphanSafetyMinutes),
      ROTATION_STALE_PENDING_HOURS: String(MODEL_CONFIG.stalePendingHours),
      ROTATION_CONSUMER_REGIONS: MODEL_CONFIG.consumerRegion,
    },
  });
  // The remote service read the key once (its cold read), so the engine can see it publishes there.
  await recordConsumerMetric(
    ConsumerMetrics.KeyRefreshes,
    world.secretName,
    new Date(),
    MODEL_CONFIG.consumerRegion,
  );
  const output: string[] = [];
  const moto = new SecretsManagerClient({
    endpoint: motoEndpoint(),
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
  });
  const viaProxy = new SecretsManagerClient({
    endpoint: world.proxy.endpoint,
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
  const versions = versionClock();
  let gate: ((label: string) => Promise<void>) | undefined;
  let hang: { operation: string; ms: number } | undefined;
  const hung = new Set<() => void>();
  world.proxy.setHooks(
    awsFidelityHooks(moto, versions, {
      hold: async (call) => gate?.(`sm:${call.operation}`),
    }),
  );
  const simHooks = simServerHooks(world.sim.baseUrl);
  simHooks.beforeRespond = async (call) => {
    if (hang !== undefined && hang.operation === call.operation) {
      const ms = hang.ms;
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          hung.delete(release);
          resolve();
        };
        const timer = setTimeout(release, ms);
        hung.add(release);
      });
    }
    await gate?.(`vendor:${call.operation}`);
  };
  const env = options.fleet === true ? await joinFleet(world, moto) : world.env;
  await workers.reset(env, (text) => output.push(text));
  await workers.warm(2);
  const orchestrator = new RotationOrchestrator({
    client: moto,
    rotationLambdaArn: world.rotationLambdaArn,
    stepTimeoutMs: STEP_BUDGET_MS,
    handler: async (event, context) => {
      const outcome = await workers.invoke(event, context?.getRemainingTimeInMillis() ?? 60_000);
      return settle(outcome, output);
    },
  });
  const keyRotatedEvents = await startEventSink(keyRotatedPattern(world.secretArn));
  return {
    world,
    clock,
    workers,
    orchestrator,
    keyRotatedEvents,
    moto,
    viaProxy,
    versions,
    simHooks,
    output,
    fleet: options.fleet === true,
    action: async (event) => {
      // A fleet function's actions name their secret; a retire names it in `secretArn`, exactly as a member's
      // invocation sends it (no `secretId`), so the model exercises the fleet's routing of the member's input.
      const named =
        options.fleet === true && !isRetireEvent(event)
          ? { ...event, secretId: world.secretArn }
          : event;
      const outcome = await workers.invoke(named, ACTION_BUDGET_MS);
      if (outcome.error) output.push(outcome.error.message);
      return outcome;
    },
    setGate: (next) => {
      gate = next;
    },
    setHang: (operation, ms = 0) => {
      hang = operation === undefined ? undefined : { operation, ms };
      if (operation === undefined) for (const release of [...hung]) release();
    },
    advanceClock: async (ms) => {
      clock.setOffset(clock.offsetMs() + ms);
      await workers.setOffset(clock.offsetMs());
    },
    stop: async () => {
      await workers.killBusy();
      simHooks.beforeRespond = undefined;
      await keyRotatedEvents.close();
      await world.stop();
      moto.destroy();
      viaProxy.destroy();
    },
  };
}

/** Tags the world's secret into a fleet of its own and returns the fleet function's environment. */
async function joinFleet(
  world: RotationWorld,
  moto: SecretsManagerClient,
): Promise<Record<string, string>> {
  const fleetName = `model-${world.secretName.split("/")[0]?.slice(-8) ?? "fleet"}`;
  // Only what a secret can carry: the consumer region is the function's (ROTATION_CONSUMER_REGIONS), and a
  // tag the fleet does not know fails every event for the secret.
  const { consumerRegion: _functionWide, ...perSecret } = MODEL_CONFIG;
  const tags = {
    [FLEET_TAG]: fleetName,
    ...settingTags({ ...perSecret, keyNamePrefix: world.options.keyNamePrefix }),
  };
  await moto.send(
    new TagResourceCommand({
      SecretId: world.secretArn,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return { ...world.env, ...FLEET_DECOY_DEFAULTS, [ConfigEnv.fleetName]: fleetName };
}

/** An invocation outcome as the orchestrator expects a handler to end: a value, or a thrown error. */
function settle(outcome: InvocationOutcome, output: string[]): unknown {
  if (outcome.ok) return outcome.result;
  const message = outcome.error?.message ?? "the invocation failed";
  output.push(message);
  const error = new Error(message);
  error.name = outcome.error?.name ?? "Error";
  Object.assign(error, { killed: outcome.killed });
  throw error;
}
