import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** GitLab.com's REST API root; self-managed instances set `baseUrl` (`https://host/api/v4`). */
export const GITLAB_BASE_URL = "https://gitlab.com/api/v4";

/** GitLab's default maximum lifetime of an access token, in days (instances can change it). */
export const GITLAB_DEFAULT_MAX_LIFETIME_DAYS = 365;

/** Roles an access token can hold: Guest, Planner, Reporter, Developer, Maintainer, Owner. */
export const GITLAB_ACCESS_LEVELS = [10, 15, 20, 30, 40, 50] as const;

/**
 * Options of the GitLab adapter, as `ROTATION_VENDOR_OPTIONS` JSON and as the
 * component's `vendorOptions`: which project's (or group's) access tokens are
 * rotated, with which scopes and role. `maxLifetimeDays` is the instance's
 * token lifetime limit (365 unless an administrator changed it); a key TTL
 * above it is refused before GitLab is called.
 */
export const gitLabOptionsSchema = z.strictObject({
  scope: z._default(
    z.enum(["project", "group"], { error: '`scope` must be "project" or "group"' }),
    "project",
  ),
  id: z.union(
    [z.string().check(z.minLength(1)), z.number().check(z.refine(Number.isSafeInteger), z.gt(0))],
    {
      error:
        "`id` is required: the numeric id or full path (e.g. `group/project`) of the project or group",
    },
  ),
  scopes: z
    .array(
      z.string().check(
        z.regex(/^[a-z_]+$/, {
          error: "each of `scopes` must be a GitLab token scope such as `api` or `read_api`",
        }),
      ),
      { error: '`scopes` is required: the token scopes, e.g. `["read_api"]`' },
    )
    .check(z.minLength(1, { error: "`scopes` must name at least one scope" })),
  accessLevel: z.optional(
    z.literal(GITLAB_ACCESS_LEVELS, {
      error: "`accessLevel` must be 10, 15, 20, 30, 40 or 50 (GitLab's role values)",
    }),
  ),
  maxLifetimeDays: z._default(
    z
      .number()
      .check(
        z.refine(Number.isInteger, { error: "`maxLifetimeDays` must be a whole number of days" }),
        z.gte(1, { error: "`maxLifetimeDays` must be at least 1" }),
        z.lte(3650, { error: "`maxLifetimeDays` must be at most 3650" }),
      ),
    GITLAB_DEFAULT_MAX_LIFETIME_DAYS,
  ),
  baseUrl: baseUrlOption,
});

export type GitLabOptions = z.infer<typeof gitLabOptionsSchema>;

/**
 * The admin credential secret for GitLab: `{"token": "glpat-..."}`, a personal
 * access token with the `api` scope of a user who is Maintainer (project) or
 * Owner (group). Project and group access tokens cannot create tokens.
 */
export const gitLabAdminCredentialSchema = z.object({
  token: headerCredential(
    "token",
    z.regex(/^\S{20,}$/, { error: "`token` must be a GitLab personal access token" }),
  ),
});

export type GitLabAdminCredential = z.infer<typeof gitLabAdminCredentialSchema>;
