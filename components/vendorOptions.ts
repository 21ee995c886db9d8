import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import type { VendorName } from "../lambdas/rotation/config";
import { nylasAdminCredentialSchema, nylasOptionsSchema } from "../lambdas/vendors/nylas/options";
import { describeValue } from "./describe";

interface VendorSchemas {
  readonly options: zc.$ZodType;
  readonly optionsShape: string;
  readonly adminCredential: zc.$ZodType;
  readonly adminCredentialShape: string;
}

/** Each vendor adapter's schemas, reused so the component accepts exactly what the Lambda does. */
const VENDOR_SCHEMAS = {
  nylas: {
    options: nylasOptionsSchema,
    optionsShape: '{ applicationId, region?: "us" | "eu", baseUrl? }',
    adminCredential: nylasAdminCredentialSchema,
    adminCredentialShape:
      "the Nylas service-account JSON (with `private_key_id` and `private_key`)",
  },
} as const satisfies Record<VendorName, VendorSchemas>;

/** The problem with `vendorOptions` for this vendor, or `undefined` when they fit its adapter. */
export function vendorOptionsProblem(vendor: VendorName, value: unknown): string | undefined {
  const schemas = VENDOR_SCHEMAS[vendor];
  const parsed = z.safeParse(schemas.options, value);
  if (parsed.success) return undefined;
  return `\`vendorOptions\` does not fit the ${vendor} adapter: ${issues(parsed.error)} (received ${describeValue(value)}). Pass ${schemas.optionsShape}.`;
}

/** How this vendor's options look, for messages. */
export function vendorOptionsShape(vendor: VendorName): string {
  return VENDOR_SCHEMAS[vendor].optionsShape;
}

/** The options as the Lambda reads them (`ROTATION_VENDOR_OPTIONS`): validated, defaults applied, as JSON. */
export function vendorOptionsJson(vendor: VendorName, value: unknown): string {
  return JSON.stringify(z.parse(VENDOR_SCHEMAS[vendor].options, value));
}

/**
 * The problem with a plain admin credential, or `undefined`. The message says
 * what is wrong and never shows the value.
 */
export function adminCredentialProblem(vendor: VendorName, value: unknown): string | undefined {
  const schemas = VENDOR_SCHEMAS[vendor];
  let reason: string;
  try {
    const parsed = z.safeParse(schemas.adminCredential, JSON.parse(String(value)));
    if (parsed.success) return undefined;
    reason = issues(parsed.error);
  } catch {
    reason = "it is not JSON";
  }
  return `\`adminCredential\` must be ${schemas.adminCredentialShape} (value not shown: ${reason}). Pass the credential as the vendor issued it, or store it in a secret and pass \`adminCredentialSecretArn\` instead.`;
}

function issues(error: zc.$ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length > 0 && !issue.message.includes("`")
        ? `\`${issue.path.join(".")}\`: ${issue.message}`
        : issue.message,
    )
    .join("; ");
}
