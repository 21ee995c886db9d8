import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context } from "aws-lambda";
import * as z from "zod/mini";
import "../contract/schema";
import { lambdaDeadline, runWithDeadline } from "../contract/deadline";
import { maskError } from "../contract/secretMask";
import { createAdapter } from "../vendors/registry";
/** Maintenance code is loaded only for maintenance events (see vendors/loadVendor.ts for why `require`). */
function maintenanceModule(): typeof import("./lifecycle/maintain") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose
  return require("./lifecycle/maintain") as typeof import("./lifecycle/maintain");
}
import type { VendorAdapter } from "../vendors/kit/adapter";
import { loadConfig, type RotationConfig } from "../contract/config";
import { InvalidEventError, RotationError } from "../contract/errors";
import { logger, recordStep } from "./core/observability";
import { SecretsStore, Stage } from "./core/secretsStore";
import { createSecret } from "./rotation/createSecret";
import { entryCheck } from "./rotation/entryChecks";
import { presentRequestTags } from "../contract/requestTags";
import { finishSecret } from "./rotation/finishSecret";
import { setSecret } from "./rotation/setSecret";
import { ROTATION_STEPS, type RotationStep, type StepContext } from "./rotation/stepContext";
import { testSecret } from "./rotation/testSecret";

/** The event Secrets Manager sends for each rotation step. */
const rotationEventSchema = z.object({
  Step: z.string({ error: "`Step` is required" }),
  SecretId: z
    .string({ error: "`SecretId` is required" })
    .check(z.minLength(1, { error: "`SecretId` must not be empty" })),
  ClientRequestToken: z
    .string({ error: "`ClientRequestToken` is required" })
    .check(
      z.minLength(32, { error: "`ClientRequestToken` must be 32-64 characters" }),
      z.maxLength(64, { error: "`ClientRequestToken` must be 32-64 characters" }),
    ),
  RotationToken: z.optional(z.string()),
});

export type RotationEvent = z.infer<typeof rotationEventSchema> & { Step: RotationStep };

const STEPS: Record<RotationStep, (ctx: StepContext) => Promise<void>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

const ADMIN_CREDENTIAL_TTL_MS = 5 * 60_000;

interface Runtime {
  readonly config: RotationConfig;
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
}

let runtime: Runtime | undefined;

/**
 * Built once per cold start: configuration is validated here (a bad variable
 * fails every invocation with the same clear error), the SDK client honours
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL` by itself, and the
 * admin credential is read only when an admin call needs it, then cached.
 */
function getRuntime(): Runtime {
  if (runtime !== undefined) return runtime;
  const config = loadConfig();
  const store = new SecretsStore(new SecretsManagerClient({}));
  let cached: { value: string; at: number } | undefined;
  const adapter = createAdapter(config, async () => {
    if (cached === undefined || Date.now() - cached.at > ADMIN_CREDENTIAL_TTL_MS) {
      const read = await store.read(config.adminSecretArn, { stage: Stage.Current });
      if (read?.secretString === undefined) {
        throw new RotationError(
          `The admin credential secret ${config.adminSecretArn} has no AWSCURRENT value; store the vendor admin credential in it.`,
          { operation: "loadAdminCredential" },
        );
      }
      cached = { value: read.secretString, at: Date.now() };
    }
    return cached.value;
  });
  runtime = { config, store, adapter };
  return runtime;
}

export function parseRotationEvent(event: unknown): RotationEvent {
  const parsed = rotationEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      `Not a Secrets Manager rotation event: ${parsed.error.issues.map((i) => i.message).join("; ")}.`,
    );
  }
  const step = parsed.data.Step;
  if (!(ROTATION_STEPS as readonly string[]).includes(step)) {
    throw new InvalidEventError(
      `Unknown rotation step \`${step.slice(0, 40)}\`; expected one of ${ROTATION_STEPS.join(", ")}.`,
      { secretId: parsed.data.SecretId, token: parsed.data.ClientRequestToken },
    );
  }
  return { ...parsed.data, Step: step as RotationStep };
}

/**
 * The rotation Lambda's entry point: one Secrets Manager rotation step per
 * invocation, or a maintenance action (`{"action": ...}`: the scheduled run,
 * an operator's CLI request, the 401-alarm auto-rollback).
 */
export async function handler(
  event: unknown,
  context?: Pick<Context, "getRemainingTimeInMillis">,
): Promise<unknown> {
  const remainingMs = () => context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
  try {
    return await runWithDeadline(lambdaDeadline(remainingMs()), async () => {
      if (typeof event === "object" && event !== null && "action" in event)
        return handleMaintenance(event);
      await handleRotationStep(event, remainingMs);
      return undefined;
    });
  } catch (error) {
    // Last line of defence: no key or credential this invocation saw leaves in an error.
    throw maskError(error);
  }
}

/** The time a caller without a Lambda context (tests, the drill) gives an invocation. */
const DEFAULT_REMAINING_MS = 60_000;

async function handleMaintenance(event: unknown): Promise<unknown> {
  const started = performance.now();
  let action = "unknown";
  try {
    const { parseMaintenanceEvent, createMaintenanceContext, runMaintenanceAction } =
      maintenanceModule();
    const parsed = parseMaintenanceEvent(event);
    action = parsed.action;
    logger.appendKeys({ action });
    const { config, store, adapter } = getRuntime();
    const ctx = createMaintenanceContext({ store, adapter, config, logger });
    const report = await runMaintenanceAction(parsed, ctx);
    logger.info(`${action} done`, { durationMs: Math.round(performance.now() - started) });
    return report;
  } catch (error) {
    logger.error(`${action} failed`, { error: describeError(error) });
    throw error;
  } finally {
    logger.removeKeys(["action"]);
  }
}

async function handleRotationStep(event: unknown, remainingMs: () => number): Promise<void> {
  const started = performance.now();
  let secretName =
    typeof (event as { SecretId?: unknown })?.SecretId === "string"
      ? (event as { SecretId: string }).SecretId
      : "unknown";
  let step =
    typeof (event as { Step?: unknown })?.Step === "string"
      ? String((event as { Step: string }).Step).slice(0, 40)
      : "unknown";
  try {
    const parsed = parseRotationEvent(event);
    step = parsed.Step;
    logger.appendKeys({ step, secretId: parsed.SecretId, token: parsed.ClientRequestToken });
    const { config, store, adapter } = getRuntime();
    const description = await store.describe(parsed.SecretId);
    secretName = description.name;
    const entry = entryCheck(description, parsed.ClientRequestToken, step);
    const unfinishedRequest = step === "finishSecret" && presentRequestTags(description).length > 0;
    if (entry === "done" && !unfinishedRequest) {
      logger.info(`${step}: version is already AWSCURRENT; nothing to do`);
    } else {
      await STEPS[parsed.Step]({
        secretId: description.arn,
        token: parsed.ClientRequestToken,
        ...(parsed.RotationToken === undefined ? {} : { rotationToken: parsed.RotationToken }),
        description,
        store,
        adapter,
        config,
        logger,
        remainingMs,
        now: () => new Date(),
      });
    }
    recordStep(secretName, step, true, performance.now() - started);
    logger.info(`${step} succeeded`, { durationMs: Math.round(performance.now() - started) });
  } catch (error) {
    recordStep(secretName, step, false, performance.now() - started);
    logger.error(`${step} failed`, { error: describeError(error) });
    throw error;
  } finally {
    logger.removeKeys(["step", "secretId", "token"]);
  }
}

/** Name, message and context of an error: what our errors carry, and nothing else (no request objects). */
function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof RotationError) {
    return { name: error.name, message: error.message, ...error.context };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "UnknownError", message: String(error) };
}
