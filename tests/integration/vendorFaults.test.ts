import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

describe.each(SIMULATED_VENDORS)(
  "vendor rate limits, outages and malformed answers (%s)",
  (vendor) => {
    const s = useScenario(`faults-${vendor}`, { vendor });

    it("waits out 429s on create (honouring Retry-After) and 5xx bursts on verify", async () => {
      // Prepare
      s.world.sim.faults.failNext("create", 2, 429, { retryAfterSeconds: 1 });
      s.world.sim.faults.failNext("verify", 3, 503);

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.error).toBeUndefined();
      expect(statuses(s.world.sim.requests, "create")).toEqual(["429", "429", "2xx"]);
      // testSecret waits out the 503s; finishSecret checks the key once more before promoting it.
      expect(statuses(s.world.sim.requests, "verify")).toEqual(["503", "503", "503", "2xx", "2xx"]);
      expect(s.world.sim.keys()).toHaveLength(1);
      await s.expectInvariants();
    });

    it("never blindly retries a create that failed with 5xx: sweeps, fails, then succeeds on retry", async () => {
      // Prepare
      s.world.sim.reset();
      const current = await s.world.readValue("AWSCURRENT");
      s.world.sim.faults.failNext("create", 1, 500);

      // Act
      const failed = await s.world.orchestrator.rotate(s.world.secretArn);
      const retried = await s.world.orchestrator.retry(s.world.secretArn, failed.token);

      // Assess
      expect(failed.failedStep).toBe("createSecret");
      expect(failed.error?.message).toMatch(
        new RegExp(`^${s.world.vendor} createKey failed with HTTP 500: .+$`),
      );
      expect(statuses(s.world.sim.requests, "create")).toEqual(["500", "2xx"]);
      expect(retried.error).toBeUndefined();
      expect((await s.world.readValue("AWSPREVIOUS"))?.keyId).toBe(current?.keyId);
      await s.expectInvariants();
    });

    it("revokes the key behind a malformed create response and fails clearly", async () => {
      // Prepare
      s.world.sim.reset();
      s.world.sim.faults.malformNext("create", 1, "missing-secret");

      // Act
      const failed = await s.world.orchestrator.rotate(s.world.secretArn);
      const afterFailure = s.world.sim.keys().at(-1);
      const retried = await s.world.orchestrator.retry(s.world.secretArn, failed.token);

      // Assess
      expect(failed.error?.name).toBe("VendorResponseError");
      expect(failed.error?.message).toMatch(
        new RegExp(
          `^${s.world.vendor} createKey returned HTTP 20\\d without the documented fields \\(.+\\)$`,
        ),
      );
      expect(afterFailure?.status).toBe("revoked");
      expect(retried.error).toBeUndefined();
      await s.expectInvariants();
    });

    it("fails clearly on a create response that is not JSON", async () => {
      // Prepare
      s.world.sim.reset();
      s.world.sim.faults.malformNext("create", 1, "not-json");

      // Act
      const failed = await s.world.orchestrator.rotate(s.world.secretArn);
      const retried = await s.world.orchestrator.retry(s.world.secretArn, failed.token);

      // Assess
      expect(failed.error?.message).toMatch(
        new RegExp(
          `^${s.world.vendor} createKey returned HTTP 20\\d with a body that is not JSON$`,
        ),
      );
      expect(retried.error).toBeUndefined();
      await s.expectInvariants();
    });
  },
);

/** Statuses of one operation's requests, successes as "2xx" (vendors answer a create with 200 or 201). */
function statuses(
  requests: ReadonlyArray<{ operation: string; status: number }>,
  operation: string,
): string[] {
  return requests
    .filter((r) => r.operation === operation)
    .map((r) => (r.status >= 200 && r.status < 300 ? "2xx" : String(r.status)));
}
