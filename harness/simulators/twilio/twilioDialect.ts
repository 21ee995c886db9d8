/**
 * Twilio's 2010-04-01 Keys resource as the simulator answers it (twilio-oai
 * `spec/json/twilio_api_v2010.json`: CreateNewKey, ListKey, FetchKey,
 * DeleteKey): HTTP Basic auth, form-encoded bodies, 201 with the `secret`
 * once, `next_page_uri` paging, 204 delete, `{code, message, more_info,
 * status}` errors. Keys created here are Standard keys: they authenticate
 * everywhere except the Accounts and Keys resources (Twilio's key types).
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { SimFailureStatus, SimOperation } from "../vendorSimulator";
import type { FaultSwitches } from "../shared/simFaults";
import type { SimKeyStore, StoredKey } from "../shared/simKeyStore";
import {
  deleteField,
  type SimRequest,
  type SimResponse,
  type SimVendor,
} from "../shared/simServer";

const ACCOUNT =
  /^\/2010-04-01\/Accounts\/([^/]+?)(\.json|\/Keys\.json|\/Keys\/([^/]+)\.json|\/Applications\.json)$/;

/** The admin credentials the simulated account accepts. */
export interface TwilioAccount {
  readonly accountSid: string;
  readonly authToken: string;
  readonly mainKeySid: string;
  readonly mainKeySecret: string;
}

/** A Twilio error body. */
export function twilioError(status: number, code: number, message: string): SimResponse {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

/** Twilio's date format: RFC 2822 in GMT (`Mon, 13 Jun 2016 22:50:08 +0000`). */
export function rfc2822(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toUTCString().replace("GMT", "+0000");
}

/** The Twilio simulator's routes over a key store, for one account. */
export class TwilioDialect implements SimVendor {
  public constructor(
    private readonly store: SimKeyStore,
    private readonly faults: FaultSwitches,
    private readonly account: TwilioAccount,
  ) {}

  public route(method: string, path: string): SimOperation {
    const match = ACCOUNT.exec(path);
    if (match === null) return "unknown";
    if (match[2] === "/Applications.json") return method === "GET" ? "verify" : "unknown";
    if (match[2] === "/Keys.json")
      return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
    if (match[3] !== undefined)
      return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
    return "unknown";
  }

  public handle(request: SimRequest, operation: SimOperation): SimResponse {
    const match = ACCOUNT.exec(request.path);
    if (match === null) return notFound(request.path);
    const principal = this.authenticate(request.headers);
    if (principal === undefined) return twilioError(401, 20003, "Authenticate");
    if (match[1] !== this.account.accountSid) return notFound(request.path);
    // Standard keys cannot call the Accounts or Keys resources (twilio.com/docs/iam/api-keys).
    if (principal === "standard" && match[2] !== "/Applications.json") {
      return twilioError(401, 20003, "Authentication Error - invalid username");
    }
    const key = match[3] === undefined ? undefined : this.store.find(match[3]);
    const live = key?.status === "active" ? key : undefined;
    switch (operation) {
      case "create":
        return this.create(request);
      case "list":
        return this.list(request.query);
      case "get":
        return live === undefined
          ? notFound(request.path)
          : { status: 200, body: keyResource(live) };
      case "delete":
        return live !== undefined && this.store.revoke(live.id)
          ? { status: 204 }
          : notFound(request.path);
      case "verify":
        return {
          status: 200,
          body: page("applications", [], request.query, this.listUri("Applications")),
        };
      default:
        if (request.method === "GET" && match[2] === ".json")
          return { status: 200, body: this.accountResource() };
        return twilioError(405, 20004, "Method not allowed");
    }
  }

  public failure(status: SimFailureStatus, retryAfterSeconds: number): SimResponse {
    if (status === 429) {
      return {
        ...twilioError(429, 20429, "Too Many Requests"),
        headers: { "Retry-After": String(retryAfterSeconds) },
      };
    }
    if (status === 500) return twilioError(500, 20500, "An internal server error has occurred");
    if (status === 503) return twilioError(503, 20503, "Service Unavailable");
    return {
      status,
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
      contentType: "text/html",
    };
  }

  public malform(json: unknown, kind: "missing-secret" | "missing-id"): unknown {
    const target = (json as { keys?: unknown }).keys ?? json;
    deleteField(target, kind === "missing-secret" ? "secret" : "sid");
    return json;
  }

  /** Whether `SK…:secret` authenticates as an active Standard key now. */
  public acceptsKeyPair(pair: string): boolean {
    const [sid, secret] = splitPair(pair);
    return (
      secret !== undefined &&
      this.store.rejection(secret) === undefined &&
      this.store.bySecret(secret)?.id === sid
    );
  }

  private authenticate(headers: IncomingHttpHeaders): "admin" | "standard" | undefined {
    const encoded = /^Basic (\S+)$/.exec(headers.authorization ?? "")?.[1];
    if (encoded === undefined) return undefined;
    const pair = Buffer.from(encoded, "base64").toString("utf8");
    const { accountSid, authToken, mainKeySid, mainKeySecret } = this.account;
    if (pair === `${accountSid}:${authToken}` || pair === `${mainKeySid}:${mainKeySecret}`)
      return "admin";
    if (!this.acceptsKeyPair(pair)) return undefined;
    this.store.markUsed(splitPair(pair)[1] ?? "");
    return "standard";
  }

  private create(request: SimRequest): SimResponse {
    // Twilio reads form parameters only; a JSON body leaves FriendlyName unset.
    const form = (request.headers["content-type"] ?? "").includes(
      "application/x-www-form-urlencoded",
    )
      ? new URLSearchParams(request.rawBody)
      : new URLSearchParams();
    const friendlyName = form.get("FriendlyName");
    if (friendlyName !== null && friendlyName.length > 64) {
      // The 64-character limit is documented; this status, code and wording are our assumption.
      return twilioError(400, 20001, "FriendlyName must be 64 characters or fewer");
    }
    if (this.store.active().length >= this.faults.maxActiveKeys) {
      // Twilio documents no cap on API keys: this refusal is our assumption.
      return twilioError(
        400,
        20001,
        `Maximum number of API keys (${this.faults.maxActiveKeys}) reached for this account. Delete a key before creating a new one.`,
      );
    }
    const key = this.store.create({
      id: `SK${randomBytes(16).toString("hex")}`,
      name: friendlyName ?? "",
      secret: randomBytes(24).toString("base64url").slice(0, 32),
      expiresAt: null,
      activationDelayMs: this.faults.activationDelayMs,
      extra: {},
    });
    return {
      status: 201,
      body: { ...keyResource(key), secret: key.secret },
      secrets: [key.secret],
      created: true,
    };
  }

  private list(query: URLSearchParams): SimResponse {
    const pageSize = Number(query.get("PageSize") ?? "50");
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return twilioError(400, 20001, "PageSize must be between 1 and 1000");
    }
    return {
      status: 200,
      body: page("keys", this.store.active().map(keyResource), query, this.listUri("Keys")),
    };
  }

  private listUri(resource: string): string {
    return `/2010-04-01/Accounts/${this.account.accountSid}/${resource}.json`;
  }

  private accountResource(): object {
    const created = rfc2822(1_700_000_000);
    return {
      sid: this.account.accountSid,
      owner_account_sid: this.account.accountSid,
      friendly_name: "Simulated account",
      status: "active",
      type: "Full",
      date_created: created,
      date_updated: created,
      uri: `/2010-04-01/Accounts/${this.account.accountSid}.json`,
    };
  }
}

/** A list page in Twilio's envelope (`Page`/`PageSize` paging, `next_page_uri`). */
function page(
  field: string,
  items: readonly object[],
  query: URLSearchParams,
  uri: string,
): object {
  const pageSize = Number(query.get("PageSize") ?? "50");
  const index = Number(query.get("Page") ?? "0");
  const slice = items.slice(index * pageSize, (index + 1) * pageSize);
  const at = (p: number): string => `${uri}?PageSize=${pageSize}&Page=${p}`;
  const last = slice.at(-1) as { sid?: string } | undefined;
  const hasNext = (index + 1) * pageSize < items.length;
  return {
    [field]: slice,
    end: index * pageSize + Math.max(slice.length - 1, 0),
    first_page_uri: at(0),
    next_page_uri: hasNext ? `${at(index + 1)}&PageToken=PA${last?.sid ?? ""}` : null,
    page: index,
    page_size: pageSize,
    previous_page_uri: index > 0 ? at(index - 1) : null,
    start: index * pageSize,
    uri: at(index),
  };
}

function keyResource(key: StoredKey): object {
  const date = rfc2822(key.createdAt);
  return {
    sid: key.id,
    friendly_name: key.name === "" ? null : key.name,
    date_created: date,
    date_updated: date,
  };
}

function notFound(path: string): SimResponse {
  return twilioError(404, 20404, `The requested resource ${path} was not found`);
}

function splitPair(pair: string): [string, string | undefined] {
  const colon = pair.indexOf(":");
  return colon < 0 ? [pair, undefined] : [pair.slice(0, colon), pair.slice(colon + 1)];
}
