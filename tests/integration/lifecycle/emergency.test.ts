import { DescribeSecretCommand, TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { RequestTags } from "../../../lambdas/lifecycle/requestTags";
import { auditRecords } from "../../support/lifecycle";
import { useScenario } from "../../support/scenario";

describe("emergency rotation requested with tags (the console path)", () => {
  const s = useScenario("emergency", { overlapHours: 24 });

  const tag = (tags: Record<string, string>) =>
    s.world.client.send(
      new TagResourceCommand({
        SecretId: s.world.secretArn,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );

  it("replaces the key, then revokes the leaked one at once, records the reason and clears the request", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    const leaked = await s.world.readValue("AWSCURRENT");
    await tag({
      [RequestTags.emergency]: "key pasted in a public ticket",
      [RequestTags.requestedBy]: "alice",
    });

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(outcome.token);
    expect(s.world.sim.isKeyAccepted(leaked?.apiKey ?? "")).toBe(false);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    const tags =
      (await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn })))
        .Tags ?? [];
    expect(tags.map((t) => t.Key).filter((k) => k?.startsWith("RotatedApiKey:"))).toEqual([]);
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "emergency")).toMatchObject([
      {
        event: "emergency",
        trigger: "cli:alice",
        reason: "key pasted in a public ticket",
        oldKeyId: leaked?.keyId,
        token: outcome.token,
        outcome: "previous key revoked without overlap (revoked)",
      },
    ]);
    await s.expectInvariants({ emergency: true });
  });

  it("revoke-first contains the leak before the new key exists", async () => {
    // Prepare
    const leaked = await s.world.readValue("AWSCURRENT");
    await tag({
      [RequestTags.emergency]: "key seen in attacker traffic",
      [RequestTags.emergencyMode]: "revoke-first",
    });

    const from = s.world.sim.requests.length;

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const keys = s.world.sim.keys();
    const leakedKey = keys.find((k) => k.id === leaked?.keyId);
    const newKey = keys.find((k) => k.id === current?.keyId);
    expect(leakedKey?.status).toBe("revoked");
    // Revoke, then create; finishSecret's emergency revocation then finds the key already gone.
    const changes = s.world.sim.requests
      .slice(from)
      .filter((r) => r.operation === "delete" || r.operation === "create")
      .map((r) => `${r.operation} ${r.status}`);
    expect(changes).toEqual(["delete 200", "create 200", "delete 404"]);
    expect(newKey?.status).toBe("active");
    await s.expectInvariants({ emergency: true });
  });
});
