import {
  GetSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { ApiKeyProvider, noConsumerMetrics, replicaSecretArn } from "../../consumer";
import {
  MOTO_CREDENTIALS,
  motoEndpoint,
  secretsManagerClient,
} from "../../harness/aws/motoClients";
import { useScenario } from "../../harness/scenario";

const REPLICA_REGION = "eu-west-1";

/**
 * moto replicates a secret to another region (`ReplicateSecretToRegions`,
 * also what the component's `replicas` input does) and serves the replica
 * from that region's backend, under the primary's ARN with the region swapped.
 * moto's replica shares the primary's versions, so it is never behind: the
 * eventual consistency of real replication is covered by the overlap window
 * (docs/cross-account-and-regions.md), not by this test.
 */
describe("a consumer reading the key from a replica region", () => {
  const s = useScenario("consumer-replica");
  let replicaArn: string;

  beforeAll(async () => {
    await secretsManagerClient().send(
      new ReplicateSecretToRegionsCommand({
        SecretId: s.world.secretArn,
        AddReplicaRegions: [{ Region: REPLICA_REGION }],
      }),
    );
    replicaArn = replicaSecretArn(s.world.secretArn, REPLICA_REGION);
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  });

  function provider(secretId: string): ApiKeyProvider {
    return new ApiKeyProvider({
      secretId,
      region: REPLICA_REGION,
      endpoint: motoEndpoint(),
      metrics: noConsumerMetrics,
    });
  }

  it("names the replica by the primary's ARN with the region swapped", () => {
    expect(replicaArn).toBe(s.world.secretArn.replace(":us-east-1:", `:${REPLICA_REGION}:`));
    expect(replicaSecretArn(s.world.secretName, REPLICA_REGION)).toBe(s.world.secretName);
  });

  it("reads AWSCURRENT from the replica given the primary's ARN, its name or the replica's ARN, and follows a rotation", async () => {
    // Prepare
    const byPrimaryArn = provider(s.world.secretArn);
    const byName = provider(s.world.secretName);
    const byReplicaArn = provider(replicaArn);
    const first = await s.world.readValue("AWSCURRENT");

    try {
      // Act
      const before = await Promise.all(
        [byPrimaryArn, byName, byReplicaArn].map((p) => p.getApiKey()),
      );
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const after = await Promise.all([byPrimaryArn, byName, byReplicaArn].map((p) => p.refresh()));
      const previous = await byPrimaryArn.getPrevious();

      // Assess
      const second = await s.world.readValue("AWSCURRENT");
      expect(before).toEqual([first?.apiKey, first?.apiKey, first?.apiKey]);
      expect(after.map((v) => v.apiKey)).toEqual([second?.apiKey, second?.apiKey, second?.apiKey]);
      expect(after.map((v) => v.versionId)).toEqual([
        second?.versionId,
        second?.versionId,
        second?.versionId,
      ]);
      expect(previous?.apiKey).toBe(first?.apiKey);
      expect(byPrimaryArn.secretId).toBe(replicaArn);
    } finally {
      await Promise.all([byPrimaryArn, byName, byReplicaArn].map((p) => p.close()));
    }
  });

  it("really reads the replica region: moto does not find the primary's ARN there, which is why the provider swaps it", async () => {
    // Act
    const client = new SecretsManagerClient({
      endpoint: motoEndpoint(),
      region: REPLICA_REGION,
      credentials: MOTO_CREDENTIALS,
    });
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: s.world.secretArn }))
      .then(
        () => undefined,
        (e: Error) => e.name,
      );

    // Assess
    expect(error).toBe("ResourceNotFoundException");
  });
});
