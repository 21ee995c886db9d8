import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod/mini";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import type { HttpAdminCredential } from "../../../../lambdas/vendors/http/auth";
import { HttpAdapter } from "../../../../lambdas/vendors/http/httpAdapter";
import { httpOptionsSchema } from "../../../../lambdas/vendors/http/httpOptions";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";

/** One request the server received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query string, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the server answers: an object body is sent as JSON, a string as is; `hang` never answers. */
export interface Reply {
  readonly status: number;
  /** Keep the connection open and never answer (a hung vendor). */
  readonly hang?: boolean;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A real HTTP server on 127.0.0.1 (port 0) that records requests and answers by `handler`. */
export interface TestServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  handler: (request: RecordedRequest) => Reply;
  close(): Promise<void>;
}

/** Starts a server; one per test file, closed in `afterAll`. */
export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const state: { handler: (request: RecordedRequest) => Reply } = {
    handler: () => ({ status: 200, body: {} }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      const reply = state.handler(request);
      if (reply.hang === true) return;
      const text =
        reply.body === undefined
          ? ""
          : typeof reply.body === "string"
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    get handler() {
      return state.handler;
    },
    set handler(value) {
      state.handler = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Minimal valid options for a vendor at `baseUrl`; `overrides` replace top-level fields. */
export function testOptions(
  baseUrl: string,
  overrides: Partial<HttpVendorOptions> = {},
): HttpVendorOptions {
  return {
    baseUrl,
    create: { path: "/v1/keys", response: { id: "id", secret: "secret" } },
    list: { path: "/v1/keys", items: "keys", fields: { id: "id", name: "name" } },
    revoke: { path: "/v1/keys/{keyId}" },
    verify: { path: "/v1/me" },
    ...overrides,
  };
}

/** An adapter for `options` (validated as the Lambda does) with fast retries and a fixed clock. */
export function testAdapter(
  options: HttpVendorOptions,
  credential: HttpAdminCredential | (() => Promise<HttpAdminCredential>) = { token: "admin-token" },
): HttpAdapter {
  return new HttpAdapter({
    options: z.parse(httpOptionsSchema, options),
    credential: typeof credential === "function" ? credential : () => Promise.resolve(credential),
    http: new VendorHttp({ vendor: "http", baseDelayMs: 1, maxAttempts: 3 }),
    now: () => new Date("2025-01-01T00:00:00.000Z"),
  });
}
