import { ROTATION_MONITORING_TYPE, type RotatedApiKeyArgs } from "../../../components";
import { defaultArgs } from "../componentArgs";
import { T, deploy } from "../componentHarness";
import { installPulumiMocks, type RecordedResource } from "../pulumiMocks";
import { M, defaultMonitoringChildren } from "./alarmHarness";

const mocks = installPulumiMocks();
const KEY = `urn:pulumi:stack::project::${T.component}`;

/** Every monitoring resource type: subscriptions and a log metric filter besides the defaults. */
const everything: RotatedApiKeyArgs = {
  ...defaultArgs,
  alarms: {
    authFailureSpike: {
      source: { kind: "logs", logGroupName: "/ecs/booking", filterPattern: "{ $.status = 401 }" },
    },
  },
  notifications: { emailAddresses: ["oncall@example.com"] },
  lifecycle: { autoRollback: true },
};

function custom(): RecordedResource[] {
  return mocks.resources.filter((r) => r.custom);
}

describe("monitoring as a child component", () => {
  beforeAll(async () => {
    await deploy(mocks, "nylas-key", everything);
  });

  it("registers one RotationMonitoring under the key, named after it", () => {
    expect(
      mocks.resources.filter((r) => r.type === ROTATION_MONITORING_TYPE).map((r) => r.urn),
    ).toEqual([`${KEY}$${ROTATION_MONITORING_TYPE}::nylas-key`]);
  });

  it("parents the alarms, notifications and dashboard to it, each aliased to its URN under the key", () => {
    // Prepare
    const moved = custom().filter((r) => r.urn.includes(ROTATION_MONITORING_TYPE));
    // Assess
    expect(moved.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
      [
        ...defaultMonitoringChildren("nylas-key").filter(
          (c) =>
            !c.endsWith("-maintenance") &&
            !c.endsWith("-maintenance-offset") &&
            !c.startsWith(`${M.queue}::`) &&
            !c.startsWith(`${M.queuePolicy}::`),
        ),
        `${M.subscription}::nylas-key-alarms-email-d876c66b`,
        `${M.metricFilter}::nylas-key-auth-failures`,
      ].sort(),
    );
    for (const r of moved) {
      expect(r.urn).toBe(`${KEY}$${ROTATION_MONITORING_TYPE}$${r.type}::${r.name}`);
      expect(r.aliases).toEqual([`${KEY}$${r.type}::${r.name}`]);
    }
  });

  it("leaves every other child directly under the key, without aliases but the secret policy's former name", () => {
    const stayed = custom().filter((r) => !r.urn.includes(ROTATION_MONITORING_TYPE));
    expect(stayed.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
      [
        `${T.secret}::nylas-key`,
        `${T.logGroup}::nylas-key-rotation`,
        `${T.role}::nylas-key-rotation`,
        `${T.rolePolicy}::nylas-key-rotation`,
        `${T.function}::nylas-key-rotation`,
        `${T.permission}::nylas-key-rotation`,
        `${T.rotation}::nylas-key`,
        `${T.secretPolicy}::nylas-key-policy`,
        `${T.invocation}::nylas-key-retire`,
        "random:index/randomInteger:RandomInteger::nylas-key-maintenance-offset",
        `${M.eventRule}::nylas-key-maintenance`,
        `${M.eventTarget}::nylas-key-maintenance`,
        `${M.permission}::nylas-key-maintenance`,
        `${M.invocation}::nylas-key-deploy-maintenance`,
        `${M.eventRule}::nylas-key-auto-rollback`,
        `${M.eventTarget}::nylas-key-auto-rollback`,
        `${M.permission}::nylas-key-auto-rollback`,
        `${M.queue}::nylas-key-events-dlq`,
        `${M.queuePolicy}::nylas-key-events-dlq`,
      ].sort(),
    );
    for (const r of stayed) {
      expect(r.urn).toBe(`${KEY}$${r.type}::${r.name}`);
      expect(r.aliases).toEqual(
        r.type === T.secretPolicy ? [`${KEY}$${r.type}::nylas-key-consumers`] : [],
      );
    }
  });

  it("is not created with alarms off", async () => {
    // Act
    const key = await deploy(mocks, "nylas-key", { ...defaultArgs, alarms: { enabled: false } });
    // Assess
    expect(key.monitoring).toBeUndefined();
    expect(mocks.resources.filter((r) => r.type === ROTATION_MONITORING_TYPE)).toEqual([]);
  });
});
