import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ApiKeyProvider, emfMetricsSink, type ApiKeyProviderOptions } from "../../consumer";
import { NylasAdapter } from "../../lambdas/vendors/nylas/nylasAdapter";
import {
  nylasAdminCredentialSchema,
  nylasOptionsSchema,
} from "../../lambdas/vendors/nylas/options";
import { startFaultProxy, type FaultProxy } from "../../harness/aws/faultProxy";
import { MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint } from "../../harness/aws/motoClients";
import type { RotationWorld } from "../../harness/rotationWorld";

/** One consumer metric event parsed from an EMF line. */
export interface EmittedEvent {
  readonly metric: string;
  readonly secretName: string;
  readonly dimensions: readonly (readonly string[])[];
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The consumer metrics (`Consumer*`) among captured output lines, in order. */
export function consumerEvents(lines: readonly string[]): EmittedEvent[] {
  const events: EmittedEvent[] = [];
  for (const line of lines) {
    if (!line.startsWith("{")) continue;
    const doc = JSON.parse(line) as Record<string, unknown> & {
      _aws?: { CloudWatchMetrics?: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    };
    const directive = doc._aws?.CloudWatchMetrics?.[0];
    const metric = directive?.Metrics[0]?.Name;
    if (directive === undefined || metric === undefined || !metric.startsWith("Consumer")) continue;
    const properties: Record<string, unknown> = { ...doc };
    for (const key of ["_aws", "SecretName", metric]) delete properties[key];
    events.push({
      metric,
      secretName: String(doc.SecretName),
      dimensions: directive.Dimensions,
      properties,
    });
  }
  return events;
}

/** Revokes a key at the simulated vendor with its admin API, as gated revocation would. */
export async function revokeAtVendor(world: RotationWorld, keyId: string): Promise<void> {
  const adapter = new NylasAdapter({
    options: nylasOptionsSchema.parse(world.sim.vendorOptions),
    credential: async () =>
      nylasAdminCredentialSchema.parse(JSON.parse(world.sim.adminCredentialJson) as unknown),
  });
  await adapter.revokeKey(keyId);
}

/** The cheapest authenticated vendor call: `GET /v3/applications` with the key. */
export function callVendor(world: RotationWorld, apiKey: string): Promise<Response> {
  return fetch(`${world.sim.baseUrl}/v3/applications`, {
    headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
  });
}

/** The statuses of the vendor calls made since `from` (an index into `sim.requests`). */
export function vendorStatusesSince(world: RotationWorld, from: number): number[] {
  return world.sim.requests.slice(from).map((r) => r.status);
}

/**
 * A provider reading moto through its own counting proxy (the rotation
 * handler's calls go through the world's proxy, not this one), emitting plain
 * EMF on stdout. `maxAttempts` is the SDK client's (default 3: one call and
 * two retries of a 5xx); 1 makes each failed read one call on the wire.
 */
export async function consumerFor(
  world: RotationWorld,
  options: Omit<ApiKeyProviderOptions, "secretId" | "client"> = {},
  clientOptions: { readonly maxAttempts?: number } = {},
): Promise<{ provider: ApiKeyProvider; proxy: FaultProxy; close(): Promise<void> }> {
  const proxy = await startFaultProxy(motoEndpoint());
  const client = new SecretsManagerClient({
    endpoint: proxy.endpoint,
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
    ...clientOptions,
  });
  const provider = new ApiKeyProvider({
    secretId: world.secretArn,
    client,
    metrics: emfMetricsSink({ serviceName: "consumer-test" }),
    ...options,
  });
  return {
    provider,
    proxy,
    close: async () => {
      provider.close();
      client.destroy();
      await proxy.close();
    },
  };
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected a rejection");
}
