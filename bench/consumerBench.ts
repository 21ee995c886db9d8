/**
 * Consumer client figures for `bench/results.json`, measured against a real
 * moto server (its own, started here, unless an endpoint is passed) through a
 * loopback proxy that counts `GetSecretValue` calls on the wire:
 * - `cachedReadsPerSec`: sequential awaited `getApiKey()` calls on a warm cache,
 *   over one second after 200,000 warm-up reads;
 * - `getSecretValueCallsFor1000ConcurrentReads`: calls moto received for
 *   1,000 concurrent `getApiKey()` calls on a cold cache (single flight: 1).
 *
 * Run alone: `npx tsx bench/consumerBench.ts`.
 */
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { ApiKeyProvider, noConsumerMetrics } from "../lambdas/consumer";
import { startFaultProxy } from "../tests/support/aws/faultProxy";
import { secretsManagerClient } from "../tests/support/aws/motoClients";
import { startMoto, type MotoServer } from "../tests/support/moto/motoLauncher";

/** The consumer's benchmark figures. */
export interface ConsumerBenchResult {
  cachedReadsPerSec: number;
  getSecretValueCallsFor1000ConcurrentReads: number;
}

const MEASURE_MS = 1_000;
const BATCH = 10_000;

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
  try {
    const secret = await client.send(
      new CreateSecretCommand({
        Name: `consumer-bench-${randomUUID().slice(0, 8)}/api-key`,
        SecretString: JSON.stringify({
          apiKey: `bench-${randomUUID()}`,
          keyId: "bench-key",
          createdAt: new Date().toISOString(),
        }),
      }),
    );
    const secretId = secret.ARN ?? "";

    proxy.resetCounts();
    const cold = new ApiKeyProvider({ secretId, client, metrics: noConsumerMetrics });
    await Promise.all(Array.from({ length: 1000 }, () => cold.getApiKey()));
    const getSecretValueCallsFor1000ConcurrentReads = proxy.counts.GetSecretValue ?? 0;
    cold.close();

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

    return { cachedReadsPerSec, getSecretValueCallsFor1000ConcurrentReads };
  } finally {
    client.destroy();
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
