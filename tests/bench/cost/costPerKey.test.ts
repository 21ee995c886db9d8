import { readFileSync } from "node:fs";
import path from "node:path";
import { COST_VARIANTS, costFigures, costPerKey } from "../../../bench/cost/costPerKey";
import { deployUnderMocks } from "../../../bench/cost/keyResources";
import { AWS_PRICES } from "../../../bench/cost/prices";
import { defaultUsage, measured } from "../../../bench/cost/usage";

const byId = (id: string) => COST_VARIANTS.find((v) => v.id === id)!;

describe("cost per key", () => {
  it("prices what each configuration registers", async () => {
    // Act
    const costs = await costPerKey();
    const [defaults, adminCredential, dashboardOff, alarmsOff] = costs.map((c) => c.usdPerMonth);
    // Assess: the differences are exactly the list prices of what the variant adds or drops
    const p = AWS_PRICES.prices;
    expect(costs.map((c) => c.variant.id)).toEqual([
      "defaults",
      "adminCredential",
      "dashboardOff",
      "alarmsOff",
    ]);
    expect(adminCredential! - defaults!).toBeCloseTo(p.secretsManagerSecretMonth.usd, 10);
    expect(defaults! - dashboardOff!).toBeCloseTo(p.cloudWatchDashboardMonth.usd, 10);
    expect(costs[0]!.rotationsPerMonth).toBeCloseTo(730 / 720, 10);
    expect(costFigures(costs)).toEqual({
      pricesAsOf: AWS_PRICES.asOf,
      usdPerKeyMonth: {
        defaults: Math.round(defaults! * 100) / 100,
        adminCredential: Math.round(adminCredential! * 100) / 100,
        dashboardOff: Math.round(dashboardOff! * 100) / 100,
        alarmsOff: Math.round(alarmsOff! * 100) / 100,
      },
    });
  }, 120_000);

  it("finds no alarm, dashboard or topic with alarms off", async () => {
    // Act
    const { resources } = await deployUnderMocks("key", byId("alarmsOff").args);
    // Assess
    const types = resources.map((r) => r.type);
    expect(types).not.toContain("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(types).not.toContain("aws:cloudwatch/dashboard:Dashboard");
    expect(types).not.toContain("aws:sns/topic:Topic");
    expect(types.filter((t) => t === "aws:cloudwatch/eventRule:EventRule")).toHaveLength(1);
  }, 60_000);

  it("reads the Secrets Manager calls that npm run bench measured", () => {
    // Prepare
    const results = JSON.parse(
      readFileSync(path.resolve(__dirname, "..", "..", "..", "bench", "results.json"), "utf8"),
    ) as Record<string, unknown>;
    // Act
    const usage = defaultUsage();
    // Assess
    expect(usage.secretsManagerCallsPerRotation).toBe(results.secretsManagerCallsPerRotation);
    expect(usage.secretsManagerCallsPerMaintenanceRun).toBe(
      results.secretsManagerCallsPerMaintenanceRun,
    );
    expect(() => measured("nothing" as "secretsManagerCallsPerRotation")).toThrow(
      "bench/results.json has no nothing: run `npm run bench`.",
    );
  });
});
