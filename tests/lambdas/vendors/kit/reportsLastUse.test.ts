import { createAdapter } from "../../../../lambdas/vendors/registry";
import type { VendorName } from "../../../../lambdas/contract/config";
import { SIMULATORS } from "../../../../harness/simulators";

/**
 * Which adapters declare `reportsLastUse` (what the canary check relies on),
 * per simulator: the vendors whose real key list carries a last-use field
 * (Datadog `date_last_used`, OpenAI `last_used_at`, GitLab `last_used_at`,
 * Cloudflare `last_used_on`, and the http adapter when configured with a
 * `lastUsedAt` path) and not the others (SendGrid, Twilio, Nylas).
 */
const EXPECTED: Record<string, boolean> = {
  cloudflare: true,
  datadog: true,
  gitlab: true,
  openai: true,
  "http-datadog": true,
  "http-openai": true,
  "http-sendgrid": false,
  nylas: false,
  sendgrid: false,
  twilio: false,
};

describe("VendorAdapter.reportsLastUse", () => {
  it("covers every simulated vendor", () => {
    expect(Object.keys(SIMULATORS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))(
    "%s: declares %s, and its key list reports a used key's last use exactly when it declares it",
    async (simName, expected) => {
      // Prepare
      const start = SIMULATORS[simName];
      if (start === undefined) throw new Error(`no simulator ${simName}`);
      const sim = await start({});
      try {
        const adapter = createAdapter(
          { vendor: sim.vendor as VendorName, vendorOptions: sim.vendorOptions },
          () => Promise.resolve(sim.adminCredentialJson),
        );
        const created = await adapter.createKey({ name: "rotated-lastuse-probe", ttlDays: 30 });
        // Act: one request with the key, as any holder of it would make
        expect(await adapter.verifyKey(created.secret)).toEqual({ outcome: "valid" });
        const listed = (await adapter.listKeys()).find((k) => k.id === created.id);
        // Assess
        expect([adapter.reportsLastUse === true, listed?.lastUsedAt !== undefined]).toEqual([
          expected,
          expected,
        ]);
      } finally {
        await sim.close();
      }
    },
  );
});
