import * as z from "zod/mini";
import { InvalidEventError } from "./errors";
import "./schema";

/** Secrets Manager's four rotation steps, in the order it invokes them. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** The event Secrets Manager sends for each rotation step. */
export const rotationEventSchema = z.object({
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
 * Actions the rotation function accepts besides Secrets Manager's rotation
 * steps: the scheduled maintenance run, operator actions (the CLI, via
 * Lambda Invoke) and the 401-alarm auto-rollback (EventBridge).
 */
export const MAINTENANCE_ACTIONS = [
  "maintain",
  "status",
  "revokePrevious",
  "rollback",
  "autoRollback",
] as const;
export type MaintenanceAction = (typeof MAINTENANCE_ACTIONS)[number];

export const maintenanceEventSchema = z.object({
  action: z.enum(MAINTENANCE_ACTIONS, {
    error: `\`action\` must be one of ${MAINTENANCE_ACTIONS.join(", ")}`,
  }),
  reason: z.optional(z.string().check(z.maxLength(256))),
  requestedBy: z.optional(z.string().check(z.maxLength(128))),
  alarmName: z.optional(z.string().check(z.maxLength(256))),
  force: z.optional(z.boolean()),
  /** The secret (ARN or name) an action is for: required by a fleet function for every action but the scheduled `maintain`. */
  secretId: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  /**
   * With `maintain`: the run the component invokes once at deploy (stack
   * created or function changed), so the alarms get data at once. A transient
   * failure (vendor or AWS unavailable, throttled, IAM still propagating) is
   * reported in the result instead of failing the deploy.
   */
  deploy: z.optional(z.boolean()),
});

export type MaintenanceEvent = z.infer<typeof maintenanceEventSchema>;

/** Whether an event is a maintenance action (rather than a rotation step). */
export function isMaintenanceEvent(event: unknown): boolean {
  return typeof event === "object" && event !== null && "action" in event;
}

export function parseMaintenanceEvent(event: unknown): MaintenanceEvent {
  const parsed = maintenanceEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      `Not a maintenance event: ${parsed.error.issues.map((i) => i.message).join("; ")}.`,
    );
  }
  return parsed.data;
}

/** Builds a maintenance event (the CLI's invocations, the schedule's and alarm rule's inputs). */
export function maintenanceEvent(
  action: MaintenanceAction,
  fields: Omit<MaintenanceEvent, "action"> = {},
): MaintenanceEvent {
  return maintenanceEventSchema.parse({ action, ...fields });
}

/**
 * The auto-rollback event as an EventBridge input template: the alarm's name
 * comes from the "CloudWatch Alarm State Change" event (`$.detail.alarmName`).
 */
export const AUTO_ROLLBACK_INPUT = {
  inputPaths: { alarmName: "$.detail.alarmName" },
  inputTemplate: `{"action":"${"autoRollback" satisfies MaintenanceAction}","alarmName":<alarmName>}`,
} as const;

/**
 * `retire`: revoke every vendor key this secret's rotation created, because
 * the component is being destroyed. Sent only by the component's
 * `aws.lambda.Invocation` (`lifecycleScope: "CRUD"`), which invokes the
 * function with this input on create, on update and once more on delete,
 * adding a lifecycle key (`tf` by default) that says which. Only the delete
 * phase revokes; create and update are answered without touching a key. The
 * event names the secret it retires: the function refuses one naming another.
 */
export const RETIRE_ACTION = "retire";
/** The key `aws.lambda.Invocation` adds to the input with `lifecycleScope: "CRUD"` (its `terraformKey`). */
export const INVOCATION_LIFECYCLE_KEY = "tf";
/** The phases `aws.lambda.Invocation` reports in `tf.action`. */
export const INVOCATION_PHASES = ["create", "update", "delete"] as const;
export type InvocationPhase = (typeof INVOCATION_PHASES)[number];

export const retireEventSchema = z.object({
  action: z.literal(RETIRE_ACTION),
  secretArn: z
    .string({ error: "`secretArn` is required: the ARN of the secret whose keys are retired" })
    .check(z.minLength(1, { error: "`secretArn` must not be empty" })),
  /** `revokeKeysOnDestroy`; false makes the delete phase a no-op too. Absent = true. */
  revokeKeys: z.optional(z.boolean({ error: "`revokeKeys` must be true or false" })),
  [INVOCATION_LIFECYCLE_KEY]: z.object(
    {
      action: z.enum(INVOCATION_PHASES, {
        error: `\`${INVOCATION_LIFECYCLE_KEY}.action\` must be one of ${INVOCATION_PHASES.join(", ")}`,
      }),
      prev_input: z.optional(z.unknown()),
    },
    {
      error: `\`${INVOCATION_LIFECYCLE_KEY}\` is required: retire runs only from the component's aws.lambda.Invocation (lifecycleScope CRUD), which adds it`,
    },
  ),
});

/** A checked retire request: which secret, and which phase of the invocation's lifecycle. */
export interface RetireOrder {
  readonly secretArn: string;
  readonly phase: InvocationPhase;
  /** Whether the delete phase revokes (`revokeKeysOnDestroy`). */
  readonly revokeKeys: boolean;
}

/** Whether an event asks for `retire` (checked by {@link parseRetireEvent}). */
export function isRetireEvent(event: unknown): boolean {
  return (
    typeof event === "object" &&
    event !== null &&
    (event as { action?: unknown }).action === RETIRE_ACTION
  );
}

export function parseRetireEvent(event: unknown): RetireOrder {
  const parsed = retireEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvalidEventError(
      `Not a retire event: ${parsed.error.issues.map((i) => i.message).join("; ")}.`,
    );
  }
  return {
    secretArn: parsed.data.secretArn,
    phase: parsed.data[INVOCATION_LIFECYCLE_KEY].action,
    revokeKeys: parsed.data.revokeKeys ?? true,
  };
}

/**
 * The input the component gives its destroy-time invocation (the provider
 * adds the lifecycle key). The invocation exists whether or not keys are
 * revoked: turning `revokeKeysOnDestroy` off changes this input (an update,
 * a no-op), where removing the resource would run its delete phase and
 * revoke the live keys of a stack that stays.
 */
export function retireInput(
  secretArn: string,
  revokeKeys = true,
): { action: typeof RETIRE_ACTION; secretArn: string; revokeKeys: boolean } {
  return { action: RETIRE_ACTION, secretArn, revokeKeys };
}
