import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { startRotation } from "../../../cli/commands/rotate";
import { RequestTags } from "../../../lambdas/contract/secretTags";
import { secretsManagerClient } from "../../../harness/aws/motoClients";
import { act, auditRecords, promotedThenStopped, tagSecret } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

const requestTagKeys = async (s: ReturnType<typeof useScenario>): Promise<string[]> =>
  (
    (await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }))).Tags ??
    []
  )
    .map((t) => t.Key ?? "")
    .filter((k) => Object.values(RequestTags).includes(k as never));

describe("emergency rotation requested with tags bound to the rotation's token", () => {
  const s = useScenario("emergency", { overlapHours: 24 });

  const tag = (tags: Record<string, string>) => tagSecret(s.world, tags);

  it("replaces the key, then revokes the leaked one at once, records the reason and clears the request", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    const leaked = await s.world.readValue("AWSCURRENT");
    const token = randomUUID();
    await tag({
      [RequestTags.emergency]: "key pasted in a public ticket",
      [RequestTags.requestedBy]: "alice",
      [RequestTags.requestToken]: token,
    });

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, { token });

    // Assess
    expect(outcome.error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(outcome.token);
    expect(s.world.sim.isKeyAccepted(leaked?.apiKey ?? "")).toBe(false);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    expect(await requestTagKeys(s)).toEqual([]);
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
    const token = randomUUID();
    await tag({
      [RequestTags.emergency]: "key seen in attacker traffic",
      [RequestTags.emergencyMode]: "revoke-first",
      [RequestTags.requestToken]: token,
    });

    const from = s.world.sim.requests.length;

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, { token });

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

describe("emergency requests that no rotation was started for", () => {
  const s = useScenario("emergency-unarmed", { overlapHours: 24 });

  it("ignores tags not bound to the rotation's token, and the next rotation keeps the window", async () => {
    // Prepare: an emergency request bound to no token (or to a token that never became a rotation).
    await s.world.orchestrator.rotate(s.world.secretArn);
    const before = await s.world.readValue("AWSCURRENT");
    await tagSecret(s.world, {
      [RequestTags.emergency]: "left over",
      [RequestTags.emergencyMode]: "revoke-first",
      [RequestTags.requestToken]: randomUUID(),
    });

    // Act: the next scheduled rotation.
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess: an ordinary rotation; the previous key stays valid; the inert request is cleared.
    expect(outcome.error).toBeUndefined();
    expect(s.world.sim.isKeyAccepted(before?.apiKey ?? "")).toBe(true);
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "emergency")).toEqual([]);
    expect(await requestTagKeys(s)).toEqual([]);
    await s.expectInvariants();
  });

  it("leaves nothing armed when the CLI's RotateSecret fails", async () => {
    // Prepare: RotateSecret fails at the service (every SDK attempt).
    const before = await s.world.readValue("AWSCURRENT");
    const secrets = secretsManagerClient(s.world.proxy.endpoint);
    s.world.proxy.failNext("RotateSecret", 10, "before");

    // Act
    const failed = await startRotation({ secrets }, s.world.secretArn, {
      emergency: true,
      revokeFirst: true,
      reason: "leak",
      requestedBy: "alice",
    }).catch((error: unknown) => error);
    s.world.proxy.clearFaults();
    const tagsAfterFailure = await requestTagKeys(s);
    const scheduled = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(tagsAfterFailure).toEqual([]);
    expect(scheduled.error).toBeUndefined();
    expect(s.world.sim.isKeyAccepted(before?.apiKey ?? "")).toBe(true);
    await s.expectInvariants();
  });

  it("binds the CLI's request to the token it passes to RotateSecret", async () => {
    // Prepare
    const secrets = secretsManagerClient(s.world.proxy.endpoint);

    // Act
    const started = await startRotation({ secrets }, s.world.secretArn, {
      emergency: true,
      reason: "leak",
      requestedBy: "alice",
    });
    const tags =
      (await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn })))
        .Tags ?? [];
    const stages = (
      await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }))
    ).VersionIdsToStages?.[started.token];
    const finished = await s.world.orchestrator.retry(s.world.secretArn, started.token);

    // Assess
    expect(tags.find((t) => t.Key === RequestTags.requestToken)?.Value).toBe(started.token);
    expect(stages).toEqual(["AWSPENDING"]);
    expect(finished.error).toBeUndefined();
    expect(await requestTagKeys(s)).toEqual([]);
    await s.expectInvariants({ emergency: true });
  });

  it("maintenance finishes an emergency whose finishSecret stopped right after the promotion", async () => {
    // Prepare: the request, the first three steps, and the move a finishSecret made before it died.
    const leaked = await s.world.readValue("AWSCURRENT");
    const token = randomUUID();
    await tagSecret(s.world, {
      [RequestTags.emergency]: "key in a public repository",
      [RequestTags.requestedBy]: "bob",
      [RequestTags.requestToken]: token,
    });
    await promotedThenStopped(s.world, token);

    // Act
    await act(s.world, "maintain");

    // Assess
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(token);
    expect(s.world.sim.isKeyAccepted(leaked?.apiKey ?? "")).toBe(false);
    expect(await requestTagKeys(s)).toEqual([]);
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "emergency")).toMatchObject([
      {
        trigger: "cli:bob",
        reason: "key in a public repository",
        oldKeyId: leaked?.keyId,
        token,
        outcome: "previous key revoked without overlap (revoked)",
      },
    ]);
    expect(s.output.lines().join("\n")).toContain(
      "lifecycle: an emergency rotation promoted its key but did not finish; revoking the key it replaced now",
    );
    await s.expectInvariants({ emergency: true });
  });
});
