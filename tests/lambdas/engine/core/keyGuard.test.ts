import { Logger } from "@aws-lambda-powertools/logger";
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { guardedRevoke, type GuardDeps } from "../../../../lambdas/engine/core/keyGuard";
import { PROMOTION_TAG, promotionTagValue } from "../../../../lambdas/contract/secretTags";
import { serializeStoredKey } from "../../../../lambdas/contract/storedKey";
import { SecretsStore } from "../../../../lambdas/engine/core/secretsStore";
import type { VendorAdapter } from "../../../../lambdas/vendors/kit/adapter";
import { secretsManagerClient } from "../../../../harness/aws/motoClients";
import { captureOutput } from "../../../../harness/captureOutput";

const client = secretsManagerClient();
const store = new SecretsStore(client);

const stored = (keyId: string, token: string) =>
  serializeStoredKey({
    apiKey: `secret-of-${keyId}-0123456789`,
    keyId,
    keyName: `rotated-0000000000-${token}`,
    vendor: "fake",
    createdAt: "2026-01-01T00:00:00.000Z",
    rotationToken: token,
  });

/** A secret whose AWSCURRENT (v1) holds key A and whose version v2 holds key B, with or without a label. */
async function secretWithTwoVersions(v2Stages: string[]) {
  const v1 = randomUUID();
  const v2 = randomUUID();
  const created = await client.send(
    new CreateSecretCommand({
      Name: `guard-${randomUUID().slice(0, 8)}`,
      ClientRequestToken: v1,
      SecretString: stored("A", v1),
    }),
  );
  const arn = created.ARN ?? "";
  await client.send(
    new PutSecretValueCommand({
      SecretId: arn,
      ClientRequestToken: v2,
      SecretString: stored("B", v2),
      VersionStages: v2Stages,
    }),
  );
  await client.send(
    new TagResourceCommand({
      SecretId: arn,
      Tags: [
        { Key: PROMOTION_TAG, Value: promotionTagValue(v1, new Date("2026-01-01T00:00:00Z")) },
      ],
    }),
  );
  return { arn, v1, v2 };
}

function deps(arn: string, adapter: VendorAdapter): GuardDeps {
  return {
    store,
    adapter,
    secretId: arn,
    config: { overlapHours: 24 },
    logger: new Logger({ serviceName: "guard-test" }),
    now: () => new Date("2026-06-01T00:00:00Z"),
  };
}

function fakeAdapter(onRevoke: (keyId: string) => Promise<void> = async () => {}) {
  const revoked: string[] = [];
  const adapter: VendorAdapter = {
    vendor: "fake",
    secretShownOnce: true,
    createKey: () => Promise.reject(new Error("not used")),
    listKeys: () => Promise.resolve([]),
    verifyKey: (secret) =>
      Promise.resolve(
        revoked.some((id) => secret === `secret-of-${id}-0123456789`)
          ? { outcome: "rejected", status: 401 }
          : { outcome: "valid" },
      ),
    revokeKey: async (keyId) => {
      revoked.push(keyId);
      await onRevoke(keyId);
      return "revoked";
    },
  };
  return { adapter, revoked };
}

describe("guardedRevoke", () => {
  it("refuses the AWSCURRENT key and the key of a rotation in progress, revoking nothing", async () => {
    // Prepare
    const { arn } = await secretWithTwoVersions(["AWSPENDING"]);
    const { adapter, revoked } = fakeAdapter();

    // Act
    const current = await guardedRevoke(deps(arn, adapter), "A", "retired");
    const pending = await guardedRevoke(deps(arn, adapter), "B", "abandoned");

    // Assess
    expect(current).toEqual({ outcome: "refused", reason: "it is the AWSCURRENT key" });
    expect(pending).toEqual({
      outcome: "refused",
      reason: "it is the key of the rotation in progress (AWSPENDING)",
    });
    expect(revoked).toEqual([]);
  });

  it("moves AWSCURRENT back when a late promotion lands on the key while it is being revoked", async () => {
    // Prepare: B's rotation was abandoned (label removed); a late finishSecret promotes it
    // between the guard's check and the vendor's revocation.
    const { arn, v1, v2 } = await secretWithTwoVersions([]);
    const { adapter, revoked } = fakeAdapter(async (keyId) => {
      if (keyId === "B") await store.promote(arn, v2, v1);
    });
    const output = captureOutput();

    // Act
    let outcome;
    try {
      outcome = await guardedRevoke(deps(arn, adapter), "B", "abandoned");
    } finally {
      output.restore();
    }

    // Assess
    const stages = (await client.send(new DescribeSecretCommand({ SecretId: arn })))
      .VersionIdsToStages;
    expect(outcome).toEqual({ outcome: "revoked" });
    expect(revoked).toEqual(["B"]);
    expect(stages?.[v1]).toContain("AWSCURRENT");
    expect(stages?.[v2]).toEqual(["AWSPREVIOUS"]);
    expect(output.text()).toContain(
      "a key was promoted while it was being revoked; moving AWSCURRENT back",
    );
    expect(output.text()).not.toContain("secret-of-");
  });

  it("allows an emergency to revoke AWSPREVIOUS inside its window, and a scheduled revocation not", async () => {
    // Prepare: v2 is AWSPREVIOUS; the record says v1 was promoted at "now", so the 24 h window has just begun.
    const { arn, v1, v2 } = await secretWithTwoVersions([]);
    await store.promote(arn, v2, v1);
    await store.promote(arn, v1, v2);
    await client.send(
      new TagResourceCommand({
        SecretId: arn,
        Tags: [
          { Key: PROMOTION_TAG, Value: promotionTagValue(v1, new Date("2026-06-01T00:00:00Z")) },
        ],
      }),
    );
    const { adapter, revoked } = fakeAdapter();

    // Act
    const scheduled = await guardedRevoke(deps(arn, adapter), "B", "retired");
    const emergency = await guardedRevoke(deps(arn, adapter), "B", "emergency");

    // Assess
    expect(scheduled).toEqual({
      outcome: "refused",
      reason: "it is inside the overlap window, which runs until 2026-06-02T00:00:00.000Z",
    });
    expect(emergency).toEqual({ outcome: "revoked" });
    expect(revoked).toEqual(["B"]);
  });

  it("lets decommission revoke AWSCURRENT and the pending key only with the delete-phase order for this secret", async () => {
    // Prepare
    const { arn } = await secretWithTwoVersions(["AWSPENDING"]);
    const { adapter, revoked } = fakeAdapter();
    const other = arn.replace(/guard-/, "someone-else-");

    // Act
    const withoutOrder = await guardedRevoke(deps(arn, adapter), "A", "decommission");
    const createPhase = await guardedRevoke(deps(arn, adapter), "A", "decommission", {
      secretArn: arn,
      phase: "create",
      revokeKeys: true,
    });
    const updatePhase = await guardedRevoke(deps(arn, adapter), "B", "decommission", {
      secretArn: arn,
      phase: "update",
      revokeKeys: true,
    });
    const otherSecret = await guardedRevoke(deps(arn, adapter), "A", "decommission", {
      secretArn: other,
      phase: "delete",
      revokeKeys: true,
    });
    const optedOut = await guardedRevoke(deps(arn, adapter), "A", "decommission", {
      secretArn: arn,
      phase: "delete",
      revokeKeys: false,
    });
    const refusedBeforeDelete = [...revoked];
    const pending = await guardedRevoke(deps(arn, adapter), "B", "decommission", {
      secretArn: arn,
      phase: "delete",
      revokeKeys: true,
    });
    const current = await guardedRevoke(deps(arn, adapter), "A", "decommission", {
      secretArn: arn,
      phase: "delete",
      revokeKeys: true,
    });

    // Assess
    const onlyDelete = {
      outcome: "refused",
      reason:
        "decommission is accepted only from the delete phase of the component's retire invocation",
    };
    expect(withoutOrder).toEqual(onlyDelete);
    expect(createPhase).toEqual(onlyDelete);
    expect(updatePhase).toEqual(onlyDelete);
    expect(optedOut).toEqual(onlyDelete);
    expect(otherSecret).toEqual({
      outcome: "refused",
      reason: `the retire order names another secret (${other})`,
    });
    expect(refusedBeforeDelete).toEqual([]);
    expect(pending).toEqual({ outcome: "revoked" });
    expect(current).toEqual({ outcome: "revoked" });
    expect(revoked).toEqual(["B", "A"]);
  });
});
