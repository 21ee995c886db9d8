import type * as z from "zod/mini";
import type { httpOptionsSchema } from "../../../lambdas/vendors/http/httpOptions";
import { startDatadogSimulator } from "../datadog/datadogSimulator";
import { startOpenAiSimulator } from "../openai/openAiSimulator";
import { startSendGridSimulator } from "../sendgrid/sendgridSimulator";
import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";

/**
 * Shipped vendors' simulators driven by the configurable adapter
 * (`ROTATION_VENDOR=http`) instead of their own: the same simulator, with
 * `vendorOptions` describing its API and the admin credential reshaped to the
 * adapter's `{ token }` / `{ headers }` form. The scenario suite runs against
 * them unchanged, which proves the options can express those vendors.
 */

/** `ROTATION_VENDOR_OPTIONS` of the configurable adapter, before defaults. */
export type HttpVendorOptions = z.input<typeof httpOptionsSchema>;

/** The configurable adapter's options for SendGrid v3 API keys (VENDORS.md). */
export function sendgridHttpOptions(baseUrl: string): HttpVendorOptions {
  return {
    baseUrl,
    adminAuth: "bearer",
    // SendGrid answers 403 both for a missing scope and for its 100-key cap: the text tells them apart.
    capReached: { statuses: [403], bodyPattern: "maximum number of API keys" },
    create: {
      path: "/v3/api_keys",
      body: { name: "{name}" },
      successStatuses: [201],
      response: { id: "api_key_id", secret: "api_key", name: "name" },
    },
    list: {
      path: "/v3/api_keys",
      query: { limit: "500" },
      items: "result",
      fields: { id: "api_key_id", name: "name" },
    },
    revoke: { path: "/v3/api_keys/{keyId}", successStatuses: [204] },
    verify: { path: "/v3/scopes" },
  };
}

/**
 * The configurable adapter's options for Datadog API keys (VENDORS.md):
 * two admin headers, JSON:API bodies, pages numbered from 0. The page size
 * is 2 here (Datadog allows up to 100) so that the scenarios page through
 * the list.
 */
export function datadogHttpOptions(baseUrl: string, pageSize = 2): HttpVendorOptions {
  return {
    baseUrl,
    adminAuth: "headers",
    capReached: { statuses: [400], bodyPattern: "limit reached" },
    create: {
      path: "/api/v2/api_keys",
      body: { data: { type: "api_keys", attributes: { name: "{name}" } } },
      successStatuses: [201],
      response: {
        id: "data.id",
        secret: "data.attributes.key",
        name: "data.attributes.name",
        createdAt: "data.attributes.created_at",
      },
    },
    list: {
      path: "/api/v2/api_keys",
      query: { sort: "created_at" },
      items: "data",
      fields: {
        id: "id",
        name: "attributes.name",
        createdAt: "attributes.created_at",
        lastUsedAt: "attributes.date_last_used",
      },
      pagination: {
        style: "page",
        pageParam: "page[number]",
        firstPage: 0,
        sizeParam: "page[size]",
        pageSize,
      },
    },
    revoke: { path: "/api/v2/api_keys/{keyId}", successStatuses: [204] },
    verify: { path: "/api/v1/validate", auth: { style: "header", header: "DD-API-KEY" } },
  };
}

/**
 * The configurable adapter's options for OpenAI admin API keys (VENDORS.md):
 * expiry in seconds, a cursor-paged list (2 per page here so that the
 * scenarios page through it; OpenAI allows 100), and the cap checked by
 * listing first (`maxActiveKeys`) as well as by the vendor's own refusal.
 */
export function openaiHttpOptions(baseUrl: string, maxActiveKeys: number): HttpVendorOptions {
  return {
    baseUrl,
    expiryFormat: "seconds",
    maxActiveKeys,
    capReached: { statuses: [400], bodyPattern: "maximum number of admin api keys" },
    create: {
      path: "/organization/admin_api_keys",
      body: { name: "{name}", expires_in_seconds: "{expiry}" },
      successStatuses: [200],
      response: {
        id: "id",
        secret: "value",
        name: "name",
        createdAt: "created_at",
        expiresAt: "expires_at",
      },
    },
    list: {
      path: "/organization/admin_api_keys",
      query: { order: "asc" },
      items: "data",
      fields: {
        id: "id",
        name: "name",
        createdAt: "created_at",
        expiresAt: "expires_at",
        lastUsedAt: "last_used_at",
      },
      pagination: {
        style: "cursor",
        cursorParam: "after",
        cursorPath: "last_id",
        hasMorePath: "has_more",
        sizeParam: "limit",
        pageSize: 2,
      },
    },
    revoke: { path: "/organization/admin_api_keys/{keyId}" },
    verify: { path: "/organization/projects", query: { limit: "1" } },
  };
}

/** `sim` as the configurable adapter sees it; everything else delegates to `sim`. */
export function drivenByHttpAdapter(
  sim: VendorSimulator,
  vendorOptions: HttpVendorOptions,
  adminCredential: Record<string, unknown>,
): VendorSimulator {
  return {
    vendor: "http",
    baseUrl: sim.baseUrl,
    vendorOptions: vendorOptions as Record<string, unknown>,
    adminCredentialJson: JSON.stringify(adminCredential),
    keys: () => sim.keys(),
    activeKeys: () => sim.activeKeys(),
    issuedSecrets: () => sim.issuedSecrets(),
    isKeyAccepted: (secret) => sim.isKeyAccepted(secret),
    revokeOutOfBand: (keyId) => sim.revokeOutOfBand(keyId),
    get requests() {
      return sim.requests;
    },
    get faults() {
      return sim.faults;
    },
    reset: () => sim.reset(),
    close: () => sim.close(),
  };
}

/** The SendGrid simulator behind the configurable adapter (`{ "token" }` credential). */
export async function startHttpSendGridSimulator(
  options: VendorSimulatorOptions = {},
): Promise<VendorSimulator> {
  const sim = await startSendGridSimulator(options);
  return drivenByHttpAdapter(sim, sendgridHttpOptions(sim.baseUrl), { token: sim.adminKey });
}

/** The Datadog simulator behind the configurable adapter (`{ "headers" }` credential). */
export async function startHttpDatadogSimulator(
  options: VendorSimulatorOptions = {},
): Promise<VendorSimulator> {
  const sim = await startDatadogSimulator(options);
  return drivenByHttpAdapter(sim, datadogHttpOptions(sim.baseUrl), {
    headers: { "DD-API-KEY": sim.admin.apiKey, "DD-APPLICATION-KEY": sim.admin.applicationKey },
  });
}

/** The OpenAI simulator behind the configurable adapter, its cap mirrored in `maxActiveKeys`. */
export async function startHttpOpenAiSimulator(
  options: VendorSimulatorOptions = {},
): Promise<VendorSimulator> {
  const sim = await startOpenAiSimulator(options);
  return drivenByHttpAdapter(
    sim,
    openaiHttpOptions(String(sim.vendorOptions.baseUrl), sim.faults.maxActiveKeys),
    { token: sim.adminApiKey },
  );
}
