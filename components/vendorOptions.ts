import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import type { VendorName } from "../lambdas/contract/config";
import { VENDORS } from "../lambdas/vendors/registry";
import type { VendorDefinition } from "../lambdas/vendors/kit/vendorDefinition";
import { describeValue } from "./describe";

/** Each vendor's schemas come from its definition, so the component accepts exactly what the Lambda does. */
function definition(vendor: VendorName): VendorDefinition {
  return VENDORS[vendor] as VendorDefinition;
}

/** The problem with `vendorOptions` for this vendor, or `undefined` when they fit its adapter. */
export function vendorOptionsProblem(vendor: VendorName, value: unknown): string | undefined {
  const schemas = definition(vendor);
  const parsed = z.safeParse(schemas.optionsSchema, value);
  if (parsed.success) return undefined;
  return `\`vendorOptions\` does not fit the ${vendor} adapter: ${issues(parsed.error)} (received ${describeValue(value)}). Pass ${schemas.optionsShape}.`;
}

/** How this vendor's options look, for messages. */
export function vendorOptionsShape(vendor: VendorName): string {
  return definition(vendor).optionsShape;
}

/** The options as the Lambda reads them (`ROTATION_VENDOR_OPTIONS`): validated, defaults applied, as JSON. */
export function vendorOptionsJson(vendor: VendorName, value: unknown): string {
  return JSON.stringify(z.parse(definition(vendor).optionsSchema, value));
}

/**
 * The problem with a plain admin credential, or `undefined`. The message says
 * what is wrong and never shows the value.
 */
export function adminCredentialProblem(vendor: VendorName, value: unknown): string | undefined {
  const schemas = definition(vendor);
  let reason: string;
  try {
    const parsed = z.safeParse(schemas.adminCredentialSchema, JSON.parse(String(value)));
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
