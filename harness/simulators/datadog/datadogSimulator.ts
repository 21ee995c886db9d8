/**
 * A real HTTP server on 127.0.0.1 mirroring Datadog's Key Management API
 * (VENDORS.md, Datadog; DataDog/datadog-api-client-typescript
 * `.generator/schemas/v2/openapi.yaml` `/api/v2/api_keys*` and v1
 * `/api/v1/validate`): `DD-API-KEY` + `DD-APPLICATION-KEY` admin headers,
 * JSON:API bodies, create → 201 `data.attributes.key`, unique names, a
 * paged list (`page[size]` ≤ 100, `page[number]` from 0) with `meta.max_allowed`
 * and `date_last_used`, delete → 204, validate → `{valid:true}` or 403
 * `{"errors":["Forbidden"]}`, 429 with `X-RateLimit-*` headers.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type {
  SimFailureStatus,
  SimOperation,
  VendorSimulator,
  VendorSimulatorOptions,
} from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore, type StoredKey } from "../shared/simKeyStore";
import {
  assembleVendorSimulator,
  gatewayPage,
  header,
  jsonObject,
  segments,
  startSimServer,
  type SimExchange,
  type SimRequest,
  type SimResponse,
} from "../shared/simServer";

/** The Datadog simulator, with what its contract tests need beyond `VendorSimulator`. */
export interface DatadogSimulator extends VendorSimulator {
  /** The admin pair the simulator accepts (not among `keys()`). */
  readonly admin: { readonly apiKey: string; readonly applicationKey: string };
  /** Every request and answer, as sent on the wire. */
  readonly exchanges: readonly SimExchange[];
}

/** Options of {@link startDatadogSimulator}. */
export interface DatadogSimulatorOptions extends VendorSimulatorOptions {
  /** The simulator clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

type Key = StoredKey<Record<string, never>>;

/** Starts a Datadog simulator; `maxActiveKeys` defaults to Datadog's 50. */
export async function startDatadogSimulator(
  options: DatadogSimulatorOptions = {},
): Promise<DatadogSimulator> {
  const store = new SimKeyStore<Record<string, never>>(options.now ?? Date.now);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 50);
  const admin = {
    apiKey: randomBytes(16).toString("hex"),
    applicationKey: randomBytes(20).toString("hex"),
  };

  const vendor = {
    route,
    malform: (body: unknown, kind: "missing-secret" | "missing-id"): unknown => {
      const json = body as { data?: unknown };
      const items = (Array.isArray(json.data) ? json.data : [json.data]) as Array<
        Record<string, unknown>
      >;
      for (const item of items) {
        if (kind === "missing-id") delete item.id;
        else delete (item.attributes as Record<string, unknown>).key;
      }
      return json;
    },
    failure: (status: SimFailureStatus, retryAfterSeconds: number): SimResponse => {
      if (status === 429) {
        return {
          ...errors(429, "Too many requests"),
          headers: {
            "X-RateLimit-Limit": "100",
            "X-RateLimit-Period": "60",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": String(retryAfterSeconds),
            "X-RateLimit-Name": "api_keys",
          },
        };
      }
      return status === 500 ? errors(500, "Internal Server Error") : gatewayPage(status);
    },
    handle: (request: SimRequest, operation: SimOperation): SimResponse => {
      if (operation === "unknown") return errors(404, "Not found");
      if (operation === "verify") return validate(request);
      const authorized =
        header(request.headers, "dd-api-key") === admin.apiKey &&
        header(request.headers, "dd-application-key") === admin.applicationKey;
      if (!authorized) return errors(403, "Forbidden");
      const keyId = segments(request.path)[3] ?? "";
      switch (operation) {
        case "create":
          return create(request.rawBody);
        case "list":
          return list(request.query);
        case "get": {
          const key = store.findActive(keyId);
          return key === undefined
            ? errors(404, "API key not found")
            : { status: 200, body: { data: resource(key, true) }, secrets: [key.secret] };
        }
        case "delete":
          return store.revoke(keyId) ? { status: 204 } : errors(404, "API key not found");
      }
    },
  };

  function create(rawBody: string): SimResponse {
    const data = jsonObject(rawBody)?.data as
      { type?: unknown; attributes?: { name?: unknown } } | undefined;
    const name = data?.attributes?.name;
    if (data?.type !== "api_keys" || typeof name !== "string" || name.trim() === "") {
      return errors(
        400,
        "Invalid request body: data.type must be api_keys and data.attributes.name is required",
      );
    }
    // Datadog documents neither of these refusals' bodies: status and text are our assumption.
    if (store.active().some((k) => k.name === name))
      return errors(400, `An API key named ${name} already exists`);
    if (store.active().length >= faults.maxActiveKeys) {
      return errors(
        400,
        `API key limit reached: at most ${faults.maxActiveKeys} API keys (max_allowed)`,
      );
    }
    const key = store.create({
      id: randomUUID(),
      name,
      secret: randomBytes(16).toString("hex"),
      expiresAt: null,
      activationDelayMs: faults.activationDelayMs,
      extra: {},
    });
    return {
      status: 201,
      body: { data: resource(key, true) },
      secrets: [key.secret],
      created: true,
    };
  }

  function list(query: URLSearchParams): SimResponse {
    const size = Number(query.get("page[size]") ?? "10");
    const number = Number(query.get("page[number]") ?? "0");
    if (
      !Number.isInteger(size) ||
      size < 1 ||
      size > 100 ||
      !Number.isInteger(number) ||
      number < 0
    ) {
      return errors(400, "page[size] must be 1-100 and page[number] at least 0");
    }
    const sort = query.get("sort") ?? "name";
    const field = sort.replace(/^-/, "") === "created_at" ? "created" : "name";
    const keys = [...store.active()].sort((a, b) =>
      field === "created" ? a.createdAt - b.createdAt : a.name.localeCompare(b.name),
    );
    if (sort.startsWith("-")) keys.reverse();
    const page = keys.slice(number * size, (number + 1) * size).map((k) => resource(k, false));
    return {
      status: 200,
      body: {
        data: page,
        meta: { max_allowed: faults.maxActiveKeys, page: { total_filtered_count: keys.length } },
      },
    };
  }

  function validate(request: SimRequest): SimResponse {
    const secret = header(request.headers, "dd-api-key");
    if (secret === admin.apiKey) return { status: 200, body: { valid: true } };
    if (secret === undefined || store.accepted(secret) === undefined)
      return errors(403, "Forbidden");
    store.markUsed(secret);
    return { status: 200, body: { valid: true } };
  }

  const server = await startSimServer(vendor, faults, store);
  return {
    ...assembleVendorSimulator({
      vendor: "datadog",
      server,
      store,
      faults,
      vendorOptions: { baseUrl: server.baseUrl },
      adminCredentialJson: JSON.stringify(admin),
    }),
    admin,
    exchanges: server.exchanges,
  };
}

function route(method: string, path: string): SimOperation {
  const [api, version, resource, id, ...rest] = segments(path);
  if (api !== "api" || rest.length > 0) return "unknown";
  if (version === "v1" && resource === "validate" && id === undefined)
    return method === "GET" ? "verify" : "unknown";
  if (version !== "v2" || resource !== "api_keys") return "unknown";
  if (id === undefined) return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
  if (id === "") return "unknown";
  return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
}

/** Datadog's error body: `{errors: ["..."]}`. */
function errors(status: number, message: string): SimResponse {
  return { status, body: { errors: [message] } };
}

/** A key as JSON:API `FullAPIKey` (with `key`) or `PartialAPIKey`. */
function resource(key: Key, full: boolean): Record<string, unknown> {
  const created = new Date(key.createdAt * 1000).toISOString();
  return {
    id: key.id,
    type: "api_keys",
    attributes: {
      category: "default",
      created_at: created,
      date_last_used:
        key.lastUsedAt === undefined ? null : new Date(key.lastUsedAt * 1000).toISOString(),
      ...(full ? { key: key.secret } : {}),
      last4: key.secret.slice(-4),
      modified_at: created,
      name: key.name,
      remote_config_read_enabled: false,
    },
  };
}
