import { estimateCost } from "../../../bench/cost/costModel";
import { costPerKey } from "../../../bench/cost/costPerKey";
import {
  COST_FLEET_ARGS,
  COST_MEMBER_ARGS,
  FLEET_TARGET_USD_PER_KEY_MONTH,
  fleetCostFigures,
  fleetCostPerKey,
} from "../../../bench/cost/fleetCost";
import { deployFleetUnderMocks, fleetOf } from "../../../bench/cost/keyResources";
import { AWS_PRICES } from "../../../bench/cost/prices";
import {
  defaultFleetUsage,
  defaultUsage,
  measuredFleetMaintenance,
} from "../../../bench/cost/usage";

jest.setTimeout(120_000);

describe("cost per key in a fleet", () => {
  it("prices the fleet's resources once and a member's per key", async () => {
    // Act
    const deployment = await deployFleetUnderMocks("cost", COST_FLEET_ARGS, COST_MEMBER_ARGS);
    // Assess: a member is its secret, its resource policy, its rotation, its retire invocation and the free
    // failure rule and target
    expect(deployment.member.map((r) => r.type).sort()).toEqual([
      "aws:cloudwatch/eventRule:EventRule",
      "aws:cloudwatch/eventTarget:EventTarget",
      "aws:lambda/invocation:Invocation",
      "aws:secretsmanager/secret:Secret",
      "aws:secretsmanager/secretPolicy:SecretPolicy",
      "aws:secretsmanager/secretRotation:SecretRotation",
    ]);
    const types = (members: number) => fleetOf(deployment, members).map((r) => r.type);
    expect(types(3)).toHaveLength(deployment.fleet.length + 3 * 6);
    expect(types(3).filter((t) => t === "aws:lambda/function:Function")).toHaveLength(1);
    expect(types(3).filter((t) => t === "aws:cloudwatch/dashboard:Dashboard")).toHaveLength(1);
    expect(new Set(fleetOf(deployment, 3).map((r) => `${r.type}/${r.name}`)).size).toBe(
      deployment.fleet.length + 3 * 6,
    );
  });

  it("shares the fleet's alarms, dashboard and metrics out, and meets the target at 1,000 keys", async () => {
    // Act
    const costs = await fleetCostPerKey();
    const [one, hundred, thousand] = costs;
    const [own] = await costPerKey();
    // Assess
    expect(costs.map((c) => c.members)).toEqual([1, 100, 1_000]);
    const line = (c: typeof one, item: string) =>
      c!.lines.find((l) => l.item === item)!.usdPerMonth;
    // The dashboard and the alarms are the fleet's, whatever its size
    for (const item of ["CloudWatch dashboard", "CloudWatch alarms"]) {
      expect(line(thousand, item)).toBe(line(one, item));
    }
    expect(line(one, "CloudWatch dashboard")).toBe(AWS_PRICES.prices.cloudWatchDashboardMonth.usd);
    // Every member pays its secret
    expect(line(thousand, "Secrets Manager secrets")).toBeCloseTo(
      1_000 * AWS_PRICES.prices.secretsManagerSecretMonth.usd,
      10,
    );
    // Custom metrics are the fleet's: at most the gauges, fleet metrics and rotation metrics once
    const usage = defaultUsage();
    const fleet = defaultFleetUsage();
    const metricMonths =
      usage.metricsPerMaintenanceRun +
      fleet.metricsPerRun +
      usage.metricsPerRotation +
      fleet.playbookMetricsPerRotation;
    expect(line(thousand, "CloudWatch custom metrics (EMF)")).toBeCloseTo(
      metricMonths * AWS_PRICES.prices.cloudWatchCustomMetricMonth.usd,
      10,
    );
    expect(thousand!.usdPerKeyMonth).toBeLessThan(hundred!.usdPerKeyMonth);
    expect(hundred!.usdPerKeyMonth).toBeLessThan(own!.usdPerMonth);
    expect(thousand!.usdPerKeyMonth).toBeLessThanOrEqual(FLEET_TARGET_USD_PER_KEY_MONTH);
    expect(fleetCostFigures(costs)).toEqual({
      usdPerKeyMonth: {
        "1": Math.round(one!.usdPerKeyMonth * 100) / 100,
        "100": Math.round(hundred!.usdPerKeyMonth * 100) / 100,
        "1000": Math.round(thousand!.usdPerKeyMonth * 100) / 100,
      },
      target: "<= 0.8 at 1000 keys",
      targetMet: true,
    });
  });

  it("reports the target missed when the largest fleet costs more", async () => {
    // Prepare: a price table where a secret alone costs more than the target
    const prices = {
      ...AWS_PRICES,
      prices: {
        ...AWS_PRICES.prices,
        secretsManagerSecretMonth: { ...AWS_PRICES.prices.secretsManagerSecretMonth, usd: 1 },
      },
    };
    // Act
    const costs = await fleetCostPerKey(defaultUsage(), defaultFleetUsage(), prices, [10]);
    // Assess
    expect(fleetCostFigures(costs)).toMatchObject({
      target: "<= 0.8 at 10 keys",
      targetMet: false,
    });
  });

  it("prices maintenance with the figures npm run bench measured against moto", () => {
    // Act
    const figures = measuredFleetMaintenance();
    const fleet = defaultFleetUsage();
    // Assess
    expect(fleet).toEqual({
      secretsManagerCallsPerMemberPerRun: figures.secretsManagerCallsPerMemberPerRun,
      logBytesPerMemberPerRun: figures.logBytesPerMemberPerRun,
      membersPerListPage: 100,
      concurrency: 4,
      metricsPerRun: 5,
      playbookMetricsPerRotation: 2,
    });
    expect(figures.secretsManagerCallsPerMemberPerRun).toBeGreaterThan(0);
  });

  it("scales Secrets Manager calls with the members and lists them a page at a time", async () => {
    // Prepare
    const deployment = await deployFleetUnderMocks("cost", COST_FLEET_ARGS, COST_MEMBER_ARGS);
    const usage = { ...defaultUsage(), rotationsPerMonth: 0 };
    const fleet = { ...defaultFleetUsage(), secretsManagerCallsPerMemberPerRun: 1 };
    const calls = (members: number) =>
      estimateCost(fleetOf(deployment, members), { ...usage, fleet }, AWS_PRICES).lines[1]!
        .quantity;
    // Act + Assess: 730 hourly runs, each 1 call per member and 1 per page of 100
    expect(calls(100)).toBe("73,730 calls (0 rotations, 730 maintenance runs)");
    expect(calls(101)).toBe("75,190 calls (0 rotations, 730 maintenance runs)");
  });
});
