import { CANARY_TAG } from "../../lambdas/contract/canary";
import { describeValue } from "../describe";

/** The arguments the canary check reads. */
export interface CanaryArgs {
  readonly canary?: boolean;
  readonly consumerPrincipals?: unknown;
  readonly tags?: unknown;
}

/**
 * Checks `canary` and the arguments a canary cannot have, pushing one problem
 * per mistake, and returns whether the key is a canary. A canary is handed
 * to no one, so it refuses `consumerPrincipals` (a grant to read it), and it
 * needs the alarms (its alarm and read rule notify their topic).
 */
export function checkCanary(
  a: CanaryArgs,
  context: { readonly alarmsEnabled: boolean },
  problems: string[],
): boolean {
  if (a.canary !== undefined && typeof a.canary !== "boolean") {
    problems.push(
      `\`canary\` must be true or false (received ${describeValue(a.canary)}). Omit it for an ordinary key.`,
    );
    return false;
  }
  const tags = typeof a.tags === "object" && a.tags !== null ? (a.tags as object) : {};
  if (CANARY_TAG in tags) {
    problems.push(
      `\`tags.${CANARY_TAG}\` is set by the component from \`canary\` (received ${describeValue((tags as Record<string, unknown>)[CANARY_TAG])}). Remove it from \`tags\` and set \`canary: true\` instead.`,
    );
  }
  if (a.canary !== true) return false;
  if (a.consumerPrincipals !== undefined) {
    problems.push(
      `\`consumerPrincipals\` cannot be set on a canary key (received ${principalCount(a.consumerPrincipals)}): a canary is handed to no one, so any reader is a leak. Remove \`consumerPrincipals\`, or set \`canary: false\` for a key that consumers use.`,
    );
  }
  if (!context.alarmsEnabled) {
    problems.push(
      "`canary: true` needs the alarms (received `alarms.enabled: false`): the canary's alarm and read rule notify the alarms' topic. Turn the alarms on, or set `canary: false`.",
    );
  }
  return true;
}

/** What `consumerPrincipals` holds, without printing Pulumi outputs. */
function principalCount(value: unknown): string {
  if (!Array.isArray(value)) return describeValue(value);
  return `${value.length} principal${value.length === 1 ? "" : "s"}`;
}
