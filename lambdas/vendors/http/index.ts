import { defineVendor } from "../kit/vendorDefinition";
import { httpAdminCredentialSchema } from "./auth";
import { HttpAdapter } from "./httpAdapter";
import { httpOptionsSchema } from "./httpOptions";

/**
 * The configurable HTTP adapter: a vendor's key API described by
 * `ROTATION_VENDOR_OPTIONS` (templated create, list, revoke and verify
 * requests) rather than by code. See docs/httpAdapter.md.
 */
export const httpVendor = defineVendor({
  name: "http",
  keysExpire: true,
  optionsSchema: httpOptionsSchema,
  optionsShape:
    "{ baseUrl, create: { path, response: { id, secret } }, list: { path, items, fields: { id, name } }, revoke: { path }, verify: { path }, … } (see docs/httpAdapter.md)",
  adminCredentialSchema: httpAdminCredentialSchema,
  adminCredentialShape:
    'JSON `{"token": "…"}`, `{"headers": {"Name": "…"}}` or `{"username": "…", "password": "…"}`, as `adminAuth` says',
  adapter: HttpAdapter,
});
