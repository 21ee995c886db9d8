import type { VendorName } from "../lambdas/contract/config";
import { VENDOR_TAG, type InventoryTag } from "../lambdas/contract/managedSecrets";
import { describeValue } from "./describe";

/** The inventory tags every rotated key must carry (named in the contract), and what each one records. */
export const REQUIRED_TAGS = {
  owner: "the team that answers for the key",
  purpose: "what the key is for",
  environment: "the deployment environment",
} as const satisfies Record<InventoryTag, string>;

/** The tag the component adds, set from the `vendor` argument (the contract's managed-secret marker). */
export { VENDOR_TAG };

/** AWS allows 50 tags per resource; the component adds one. */
const MAX_TAGS = 50;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARS_TEXT = "letters, digits, spaces and _ . : / = + - @";

/**
 * Checks the `tags` argument and returns the tags to apply (the given ones
 * plus `vendor`), pushing one problem per mistake onto `problems`.
 */
export function planTags(
  tags: unknown,
  vendor: VendorName,
  problems: string[],
): Record<string, string> {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    problems.push(
      `\`tags\` must be an object with \`owner\`, \`purpose\` and \`environment\` (received ${describeValue(tags)}). Pass e.g. \`tags: { owner: "platform-team", purpose: "calendar sync", environment: "prod" }\`.`,
    );
    return {};
  }
  const given = tags as Record<string, unknown>;
  for (const [key, meaning] of Object.entries(REQUIRED_TAGS)) {
    const value = given[key];
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(
        `\`tags.${key}\` is required: a non-empty string naming ${meaning} (received ${describeValue(value)}). Every rotated key is inventoried by owner, purpose and environment; add it to \`tags\`.`,
      );
    }
  }
  if (VENDOR_TAG in given) {
    problems.push(
      `\`tags.${VENDOR_TAG}\` is set by the component from \`vendor\` (received ${describeValue(given[VENDOR_TAG])}). Remove it from \`tags\`.`,
    );
  }
  const keys = Object.keys(given).filter((key) => key !== VENDOR_TAG);
  if (keys.length + 1 > MAX_TAGS) {
    problems.push(
      `\`tags\` may hold at most ${MAX_TAGS - 1} tags: AWS allows ${MAX_TAGS} and the component adds \`${VENDOR_TAG}\` (received ${keys.length}). Drop some tags.`,
    );
  }
  const result: Record<string, string> = {};
  for (const key of keys) {
    const value = given[key];
    if (
      key.length === 0 ||
      key.length > 128 ||
      !TAG_CHARS.test(key) ||
      key.toLowerCase().startsWith("aws:")
    ) {
      problems.push(
        `\`tags\` key ${describeValue(key)} is not allowed: keys are 1-128 ${TAG_CHARS_TEXT}, not starting with "aws:". Rename the tag.`,
      );
    } else if (typeof value !== "string" || value.length > 256 || !TAG_CHARS.test(value)) {
      problems.push(
        `\`tags.${key}\` must be a string of at most 256 ${TAG_CHARS_TEXT} (received ${describeValue(value)}). Change the value.`,
      );
    } else {
      result[key] = value;
    }
  }
  result[VENDOR_TAG] = vendor;
  return result;
}
