/**
 * Consumer client figures for `bench/results.json`, measured against a real
 * moto server (its own, started here, unless an endpoint is passed) through a
 * loopback proxy that counts `GetSecretValue` calls on the wire:
 * - `cachedReadsPerSec`: sequential awaited `getApiKey()` calls on a warm cache,
 *   over one second after 200,000 warm-up reads;
 * - `getSecretValueCallsFor1000ConcurrentReads`: calls moto received for
 *   1,000 concurrent `getApiKey()` calls on a cold cache (single flight: 1);
 * - `getSecretValueCallsFor100Consecutive403s`: calls for 100 sequential
 *   `withApiKey` requests the vendor answers 403, with the default
 *   classification (a 403 is not a rejected key: only the cold read), and
 *   `...As403Rejections` with `isKeyRejected: isAuthFailure` (401 and 403 are
 *   rejected keys: the cold read, one re-read of `AWSCURRENT` per
 *   `authRefreshIntervalMs` and one read of `AWSPREVIOUS` per TTL);
 * - `getSecretValueCallsFor100ReadsDuringOutage` and
 *   `keysServedFor100ReadsDuringOutage`: after the TTL, every `GetSecretValue`
 *   fails (the proxy answers 500, the client makes one attempt per call);
 *   100 sequential `getApiKey()` calls within a second make that many calls
 *   (the first one, then backing off) and get that many keys (the last good
 *   key, stale-if-error).
 *
 * Before stale-if-error, backoff, the per-version re-read interval and
 * `isKeyRejected`, the last four figures were 102, 102, 100 and 0.
 *
 * Run alone: `npx tsx bench/consumerBench.ts`.
 */
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import {
  ApiKeyProvider,
  isAuthFailure,
  noConsumerMetrics,
  withApiKey,
  type KeyRejectedPredicate,
} from "../consumer";
import { startFaultProxy } from "../harness/aws/faultProxy";
import { MOTO_CREDENTIALS, MOTO_REGION, secretsManagerClient } from "../harness/aws/motoClients";
import { startMoto, type MotoServer } from "../harness/moto/motoLauncher";

/** The consumer's benchmark figures. */
export interface ConsumerBenchResult {
  cachedReadsPerSec: number;
  getSecretValueCallsFor1000ConcurrentReads: number;
  getSecretValueCallsFor100Consecutive403s: number;
  getSecretValueCallsFor100Consecutive403sAs403Rejections: number;
  getSecretValueCallsFor100ReadsDuringOutage: number;
  keysServedFor100ReadsDuringOutage: number;
}

const MEASURE_MS = 1_000;
const BATCH = 10_000;

/** A stored value as the rotation Lambda writes it (the key is random and never printed). */
function storedValue(keyId: string): string {
  return JSON.stringify({
    apiKey: `bench-${randomUUID()}`,
    keyId,
    createdAt: new Date().toISOString(),
  });
}

/**
 * `GetSecretValue` calls for 100 sequential requests the vendor answers with
 * a `fetch`-style 403, on a fresh provider.
 */
async function readsFor100Consecutive403s(
  client: SecretsManagerClient,
  counts: () => number,
  secretId: string,
  isKeyRejected?: KeyRejectedPredicate<unknown>,
): Promise<number> {
  const provider = new ApiKeyProvider({ secretId, client, metrics: noConsumerMetrics });
  const before = counts();
  for (let i = 0; i < 100; i++) {
    await withApiKey(
      provider,
      async () => ({ ok: false, status: 403 }),
      isKeyRejected === undefined ? {} : { isKeyRejected },
    ).catch(() => undefined);
  }
  provider.close();
  return counts() - before;
}

/**
 * Measures the consumer client. Starts (and stops) its own moto unless
 * `options.motoEndpoint` names one already running.
 */
export async function consumerBench(
  options: { motoEndpoint?: string } = {},
): Promise<ConsumerBenchResult> {
  let moto: MotoServer | undefined;
  const endpoint = options.motoEndpoint ?? (moto = await startMoto()).endpoint;
  const proxy = await startFaultProxy(endpoint);
  const client = secretsManagerClient(proxy.endpoint);
  const oneAttempt = new SecretsManagerClient({
    endpoint: proxy.endpoint,
    region: MOTO_REGION,
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
  const gets = () => proxy.counts.GetSecretValue ?? 0;
  try {
    const secret = await client.send(
      new CreateSecretCommand({
        Name: `consumer-bench-${randomUUID().slice(0, 8)}/api-key`,
        SecretString: storedValue("bench-key-1"),
      }),
    );
    const secretId = secret.ARN ?? "";
    // A second version, so that AWSPREVIOUS exists as after a rotation.
    await client.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: storedValue("bench-key-2") }),
    );

    proxy.resetCounts();
    const cold = new ApiKeyProvider({ secretId, client, metrics: noConsumerMetrics });
    await Promise.all(Array.from({ length: 1000 }, () => cold.getApiKey()));
    const getSecretValueCallsFor1000ConcurrentReads = gets();
    cold.close();

    const getSecretValueCallsFor100Consecutive403s = await readsFor100Consecutive403s(
      client,
      gets,
      secretId,
    );
    const getSecretValueCallsFor100Consecutive403sAs403Rejections =
      await readsFor100Consecutive403s(client, gets, secretId, isAuthFailure);

    const outage = new ApiKeyProvider({
      secretId,
      client: oneAttempt,
      metrics: noConsumerMetrics,
      ttlMs: 50,
      jitter: 0,
      refreshAheadMs: 0,
    });
    await outage.getApiKey();
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.failNext("GetSecretValue", 1_000_000, "before");
    const outageFrom = gets();
    let keysServedFor100ReadsDuringOutage = 0;
    for (let i = 0; i < 100; i++) {
      if (await outage.getApiKey().catch(() => undefined)) keysServedFor100ReadsDuringOutage += 1;
    }
    const getSecretValueCallsFor100ReadsDuringOutage = gets() - outageFrom;
    proxy.clearFaults();
    outage.close();

    const warm = new ApiKeyProvider({ secretId, client, metrics: noConsumerMetrics });
    for (let i = 0; i < 20 * BATCH; i++) await warm.getApiKey(); // warm-up: let the JIT settle
    let reads = 0;
    const started = performance.now();
    while (performance.now() - started < MEASURE_MS) {
      for (let i = 0; i < BATCH; i++) await warm.getApiKey();
      reads += BATCH;
    }
    const cachedReadsPerSec = Math.round(reads / ((performance.now() - started) / 1000));
    warm.close();

    return {
      cachedReadsPerSec,
      getSecretValueCallsFor1000ConcurrentReads,
      getSecretValueCallsFor100Consecutive403s,
      getSecretValueCallsFor100Consecutive403sAs403Rejections,
      getSecretValueCallsFor100ReadsDuringOutage,
      keysServedFor100ReadsDuringOutage,
    };
  } finally {
    client.destroy();
    oneAttempt.destroy();
    await proxy.close();
    await moto?.stop();
  }
}

if (require.main === module) {
  consumerBench()
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
