import { fleetMaintenanceBench } from "../../bench/fleetMaintenanceBench";

jest.setTimeout(120_000);

describe("the fleet maintenance bench", () => {
  it("counts a maintenance run's Secrets Manager calls per member against moto", async () => {
    // Act
    const result = await fleetMaintenanceBench(3, 2);
    // Assess: per member a describe for its settings, the lifecycle's reads and the attempt's tag;
    // one ListSecrets per run for the page of members
    expect(result).toMatchObject({ members: 3, runs: 2, listSecretsCallsPerRun: 1 });
    expect(result.secretsManagerCallsByOperation).toMatchObject({
      DescribeSecret: 3,
      ListSecretVersionIds: 2,
      TagResource: 1,
      ListSecrets: 1,
    });
    const { ListSecrets: _list, ...perMember } = result.secretsManagerCallsByOperation;
    expect(result.secretsManagerCallsPerMemberPerRun).toBeCloseTo(
      Object.values(perMember).reduce((a, b) => a + b, 0),
      1,
    );
    expect(result.logBytesPerMemberPerRun).toBeGreaterThan(0);
  });
});
