import type { TaggedSecretSummary } from "../../../../lambdas/engine/core/secretsStore";
import { orderForMaintenance } from "../../../../lambdas/engine/lifecycle/fleetMaintenance";

const member = (name: string, maintainedAt?: string): TaggedSecretSummary => ({
  arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`,
  name,
  tags: maintainedAt === undefined ? {} : { "RotatedApiKey:MaintainedAt": maintainedAt },
});

describe("orderForMaintenance", () => {
  it("takes never-attempted members first, then the longest unattended, by name among equals", () => {
    // Prepare
    const members = [
      member("d", "2026-11-26T10:00:00.000Z"),
      member("c"),
      member("b", "2026-11-26T09:00:00.000Z"),
      member("a"),
      member("e", "2026-11-26T09:00:00.000Z"),
      member("f", "not a time"),
    ];

    // Act
    const order = orderForMaintenance(members).map((m) => m.name);

    // Assess: a malformed time counts as never attempted.
    expect(order).toEqual(["a", "c", "f", "b", "e", "d"]);
  });

  it("leaves its input as it was", () => {
    // Prepare
    const members = [member("b"), member("a")];

    // Act
    orderForMaintenance(members);

    // Assess
    expect(members.map((m) => m.name)).toEqual(["b", "a"]);
  });
});
