import { SUPPORTED_VENDORS, type VendorName } from "./vendorNames";

/**
 * What marks a secret as one of ours, written once for every reader of a
 * fleet (the CLI's mass operations, inventory and report). `RotatedApiKey`
 * tags its secret with the inventory tags the user gives (`owner`, `purpose`,
 * `environment` are required) plus `vendor`, which it sets from its `vendor`
 * argument, and configures a rotation function on it.
 */

/** The inventory tags every rotated key must carry (the component refuses a key without them). */
export const INVENTORY_TAGS = ["owner", "purpose", "environment"] as const;
export type InventoryTag = (typeof INVENTORY_TAGS)[number];

/** The tag the component adds, set from its `vendor` argument. */
export const VENDOR_TAG = "vendor";

/**
 * The `ListSecrets` filter that narrows a listing to candidates on the
 * server: secrets with a `vendor` tag key. Secrets Manager matches tag keys by
 * prefix, so {@link isManagedSecret} decides exactly.
 */
export const MANAGED_SECRET_FILTERS = [{ Key: "tag-key", Values: [VENDOR_TAG] }] as const;

/** What {@link isManagedSecret} reads of a `ListSecrets` entry. */
export interface ListedSecret {
  readonly tags: Readonly<Record<string, string>>;
  readonly rotationFunctionArn: string | undefined;
}

/**
 * A managed secret: its `vendor` tag names a supported vendor and a rotation
 * function is configured. Inventory tags may be missing on secrets created
 * outside the component; readers show them as absent rather than skip the key.
 */
export function isManagedSecret(secret: ListedSecret): boolean {
  const vendor = secret.tags[VENDOR_TAG];
  return (
    vendor !== undefined &&
    (SUPPORTED_VENDORS as readonly string[]).includes(vendor) &&
    secret.rotationFunctionArn !== undefined &&
    secret.rotationFunctionArn !== ""
  );
}

/** The vendor a managed secret's tag names. */
export function vendorOf(secret: Pick<ListedSecret, "tags">): VendorName | undefined {
  const vendor = secret.tags[VENDOR_TAG];
  return (SUPPORTED_VENDORS as readonly string[]).includes(vendor ?? "")
    ? (vendor as VendorName)
    : undefined;
}

/** Key-age policy: the longest a key may stay valid, in days, unless the component was given `maxKeyAgeDays`. */
export const DEFAULT_MAX_KEY_AGE_DAYS = 90;
