import * as z from "zod/mini";
import "./schema";
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_ID_RULE,
  ConsumerReachEnv,
  MAX_CONSUMER_REACH,
  REGION_PATTERN,
  REGION_RULE,
} from "./consumerReach";

/*
 * The Lambda's schema for the consumer-reach variables, apart from
 * consumerReach.ts so that the component's public types (which use the
 * names and patterns) never expose the schema library.
 */

/** A comma-separated list of distinct values matching `pattern`, at most {@link MAX_CONSUMER_REACH}. */
function listFromEnv(pattern: RegExp, rule: string) {
  return z._default(
    z
      .pipe(
        z.string(),
        z.transform((raw: string) =>
          raw
            .split(",")
            .map((v) => v.trim())
            .filter((v) => v !== ""),
        ),
      )
      .check(
        z.refine((list: string[]) => list.every((v) => pattern.test(v)), {
          error: `must be a comma-separated list whose every entry ${rule}`,
        }),
        z.refine((list: string[]) => new Set(list).size === list.length, {
          error: "must not repeat an entry",
        }),
        z.maxLength(MAX_CONSUMER_REACH, {
          error: `must list at most ${MAX_CONSUMER_REACH} entries`,
        }),
      ),
    [],
  );
}

/** The schema fields of the two variables, for the Lambda's configuration schema. */
export const consumerReachSchemaFields = {
  [ConsumerReachEnv.regions]: listFromEnv(REGION_PATTERN, REGION_RULE),
  [ConsumerReachEnv.accountIds]: listFromEnv(ACCOUNT_ID_PATTERN, ACCOUNT_ID_RULE),
};
