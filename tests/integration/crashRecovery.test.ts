import { keyNameFor } from "../../lambdas/engine/core/keyNames";
import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";
import type { NylasVendorSimulator } from "../../harness/simulators/nylas/nylasVendorSimulator";

describe.each(SIMULATED_VENDORS)(
  "a crash between creating the vendor key and storing it (%s)",
  (vendor) => {
    const s = useScenario(`crash-${vendor}`, { vendor });

    it("revokes the key whose response was lost, fails, and succeeds on retry", async () => {
      // Prepare: the vendor creates the key, then the connection drops before the answer.
      s.world.sim.faults.dropAfterCreate(1);

      // Act
      const failed = await s.world.orchestrator.rotate(s.world.secretArn);
      const keysAfterCrash = s.world.sim.keys();
      const retried = await s.world.orchestrator.retry(s.world.secretArn, failed.token);

      // Assess
      expect(failed.failedStep).toBe("createSecret");
      expect(failed.error?.message).toMatch(
        new RegExp(
          `^${s.world.vendor} createKey got no response \\(.+\\); the vendor may or may not have acted$`,
        ),
      );
      expect(keysAfterCrash.map((k) => k.status)).toEqual(["revoked"]);
      expect(retried.error).toBeUndefined();
      const current = await s.world.readValue("AWSCURRENT");
      expect(current?.versionId).toBe(failed.token);
      expect(s.world.sim.activeKeys().map((k) => k.id)).toEqual([current?.keyId]);
      await s.expectInvariants();
    });

    it("revokes the new key when PutSecretValue fails, and succeeds on retry", async () => {
      // Prepare: every PutSecretValue attempt (the SDK retries 500s) fails before reaching moto.
      const before = await s.world.readValue("AWSCURRENT");
      s.world.proxy.failNext("PutSecretValue", 10, "before");

      // Act
      const failed = await s.world.orchestrator.rotate(s.world.secretArn);
      const unstored = s.world.sim.keys().at(-1);
      s.world.proxy.clearFaults();
      const retried = await s.world.orchestrator.retry(s.world.secretArn, failed.token);

      // Assess
      expect(failed.failedStep).toBe("createSecret");
      expect(unstored?.status).toBe("revoked");
      expect((await s.world.readValue("AWSPREVIOUS"))?.keyId).toBe(before?.keyId);
      expect(retried.error).toBeUndefined();
      expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(failed.token);
      await s.expectInvariants();
    });

    it("keeps the key when PutSecretValue took effect but its answer was lost", async () => {
      // Prepare
      s.world.proxy.failNext("PutSecretValue", 1, "after");
      const created = s.world.sim.requests.filter((r) => r.operation === "create").length;

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.error).toBeUndefined();
      expect(s.world.sim.requests.filter((r) => r.operation === "create")).toHaveLength(
        created + 1,
      );
      expect(s.world.sim.requests.filter((r) => r.operation === "delete")).toHaveLength(2);
      await s.expectInvariants();
    });
  },
);

describe("a key left under the token by an attempt killed between create and store (defect 8)", () => {
  const s = useScenario("crash-leftover", {});

  it("is found by its name and revoked before the retry creates another, leaving one live key for the token", async () => {
    // Prepare: RotateSecret, and a key named for its token that an earlier attempt created
    // but never stored (the process was killed before PutSecretValue).
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const token = await s.world.orchestrator.begin(s.world.secretArn);
    const nylas = (s.world.sim as NylasVendorSimulator).nylas;
    const leftover = nylas.seedKey(keyNameFor("rotated", s.world.secretArn, token));

    // Act: Secrets Manager's retry of the rotation.
    const retried = await s.world.orchestrator.retry(s.world.secretArn, token);

    // Assess
    expect(retried.error).toBeUndefined();
    const forToken = s.world.sim.keys().filter((k) => k.name.endsWith(token));
    expect(forToken.map((k) => [k.id === leftover.id ? "leftover" : "stored", k.status])).toEqual([
      ["leftover", "revoked"],
      ["stored", "active"],
    ]);
    expect((await s.world.readValue("AWSCURRENT"))?.keyId).not.toBe(leftover.id);
    await s.expectInvariants();
  });
});
