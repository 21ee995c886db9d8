import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** The Cloudflare v4 API base. */
export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

const permissionGroup = z.strictObject({
  id: z
    .string({ error: "each permission group needs an `id`" })
    .check(z.regex(/^[0-9a-f]{32}$/, { error: "a permission group `id` is 32 hex characters" })),
  meta: z.optional(z.strictObject({ key: z.optional(z.string()), value: z.optional(z.string()) })),
});

/** One token policy, as `POST /user/tokens` takes it (cloudflare-typescript `TokenPolicyParam`). */
const policy = z.strictObject({
  effect: z.enum(["allow", "deny"], { error: 'a policy `effect` must be "allow" or "deny"' }),
  permission_groups: z
    .array(permissionGroup, { error: "a policy needs `permission_groups` (a list)" })
    .check(z.minLength(1, { error: "a policy needs at least one permission group" })),
  resources: z
    .record(z.string(), z.union([z.string(), z.record(z.string(), z.string())]), {
      error: 'a policy needs `resources`, e.g. {"com.cloudflare.api.account.zone.*": "*"}',
    })
    .check(
      z.refine((r) => Object.keys(r).length > 0, { error: "a policy needs at least one resource" }),
    ),
});

/**
 * Options of the Cloudflare adapter (`vendorOptions` / `ROTATION_VENDOR_OPTIONS`):
 * the `policies` (and optional IP `condition`) every new user API token gets.
 * The rotation's key TTL becomes the token's `expires_on` (0 = no expiry).
 * `baseUrl` replaces `https://api.cloudflare.com/client/v4` (simulators).
 */
export const cloudflareOptionsSchema = z.strictObject({
  policies: z
    .array(policy, { error: "`policies` is required: the access policies of each new token" })
    .check(z.minLength(1, { error: "`policies` must hold at least one policy" })),
  condition: z.optional(
    z.strictObject({
      request_ip: z.optional(
        z.strictObject({
          in: z.optional(z.array(z.string())),
          not_in: z.optional(z.array(z.string())),
        }),
      ),
    }),
  ),
  baseUrl: baseUrlOption,
});

export type CloudflareOptions = z.infer<typeof cloudflareOptionsSchema>;

/** The admin credential secret for Cloudflare: `{"apiToken"}`, a user API token with "API Tokens Write". */
export const cloudflareAdminCredentialSchema = z.object({
  apiToken: headerCredential(
    "apiToken",
    z.regex(/^\S{20,}$/, { error: "`apiToken` must be a Cloudflare API token" }),
  ),
});

export type CloudflareAdminCredential = z.infer<typeof cloudflareAdminCredentialSchema>;
