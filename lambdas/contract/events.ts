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
