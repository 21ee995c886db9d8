import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import { SUPPORTED_VENDORS, type VendorName } from "../lambdas/contract/config";
import { VENDORS } from "../lambdas/vendors/registry";
import type { VendorDefinition } from "../lambdas/vendors/kit/vendorDefinition";
import { describeValue, isPlain } from "./describe";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";

/** Each vendor's schemas come from its definition, so the component accepts exactly what the Lambda does. */
function definition(vendor: VendorName): VendorDefinition {
  return VENDORS[vendor] as VendorDefinition;
}

/**
 * Checks `vendor`, its `vendorOptions` (when plain) and the admin credential
 * (exactly one of the secret ARN and the credential; a plain credential
 * against the vendor's schema), pushing one problem per mistake.
 */
export function checkVendorArgs(
  a: Partial<RotatedApiKeyArgs>,
  problems: string[],
): VendorName | undefined {
  const vendor = a.vendor;
  const known = (SUPPORTED_VENDORS as readonly unknown[]).includes(vendor)
    ? (vendor as VendorName)
    : undefined;
  if (known === undefined) {
    problems.push(
      `\`vendor\` must be one of ${SUPPORTED_VENDORS.map((v) => `"${v}"`).join(", ")} (received ${describeValue(vendor)}): the rotation Lambda has adapters for these vendors only. Set \`vendor\` to one of them.`,
    );
  } else if (a.vendorOptions === undefined && a.fleet === undefined) {
    problems.push(
      `\`vendorOptions\` is required for vendor "${known}" (received nothing). Pass ${vendorOptionsShape(known)}.`,
    );
  } else if (a.fleet === undefined && isPlain(a.vendorOptions)) {
    const problem = vendorOptionsProblem(known, a.vendorOptions);
    if (problem !== undefined) problems.push(problem);
  }
  // A fleet member's options and credential are its fleet's (checked by components/fleet/).
  if (a.fleet !== undefined) return known;
  const hasArn = a.adminCredentialSecretArn !== undefined;
  const hasCredential = a.adminCredential !== undefined;
  if (hasArn === hasCredential) {
    const fix = hasArn
      ? "Remove one of them: with `adminCredential` the component stores the credential in a new secret."
      : "Pass the ARN of an existing secret that holds the vendor admin credential, or pass the credential itself (e.g. from `config.requireSecret`) for the component to store in a new secret.";
    problems.push(
      `Exactly one of \`adminCredentialSecretArn\` or \`adminCredential\` must be set (received ${hasArn ? "both" : "neither"}). ${fix}`,
    );
  } else if (known !== undefined && hasCredential && isPlain(a.adminCredential)) {
    const problem = adminCredentialProblem(known, a.adminCredential);
    if (problem !== undefined) problems.push(problem);
  }
  return known;
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

/**
 * Vendor options by vendor, as each adapter's schema accepts them (before its
 * defaults apply). For typed configuration in programs of this repository
 * (the example); not part of the package's public types.
 */
export type VendorOptionsByVendor = {
  readonly [V in VendorName]: z.input<(typeof VENDORS)[V]["optionsSchema"]>;
};
