import * as pulumi from "@pulumi/pulumi";
import { performance } from "node:perf_hooks";
import { RotatedApiKey, RotationFleet, type RotatedApiKeyArgs } from "../components";

/** What {@link measureFleetScale} reports. */
export interface FleetScaleResult {
  /** Keys constructed in the fleet. */
  readonly keys: number;
  /** Wall time per key in fleet mode, from construction until its resources are registered. */
  readonly msPerKeyInFleet: number;
  /** Custom resources each member registers (with a consumer policy and the fleet's failure rule). */
  readonly resourcesPerKeyInFleet: number;
  /** Custom resources the fleet itself registers, once. */
  readonly resourcesPerFleet: number;
  /** Wall time per key with its own function (100 keys, the same arguments without `fleet`), for comparison. */
  readonly msPerOwnKey: number;
  /** Custom resources a key with its own function registers (the same key's arguments without `fleet`). */
  readonly resourcesPerOwnKey: number;
  /** Resources per key for 1, 100 and 1,000 keys in a fleet, the fleet's own resources shared out. */
  readonly resourcesPerKeyAt: Readonly<Record<string, number>>;
}

const ACCOUNT_ID = "123456789012";
const TAGS = { owner: "bench", purpose: "fleet scale benchmark", environment: "bench" };

/**
 * Constructs one `RotationFleet` and `count` member `RotatedApiKey`s under
 * Pulumi mocks and measures the time per member until every resource is
 * registered, and the resources each mode registers. Needs `npm run build`
 * first (both components check that the Lambda bundle exists).
 */
export async function measureFleetScale(count = 1_000): Promise<FleetScaleResult> {
  const counter = { resources: 0 };
  await installCountingMocks(counter);

  const fleet = new RotationFleet("bench-fleet", {
    vendor: "nylas",
    vendorOptions: { applicationId: "bench-app" },
    adminCredentialSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:bench-admin-AbCdEf`,
    tags: TAGS,
  });
  await registered(fleet);
  if (fleet.monitoring !== undefined) await registered(fleet.monitoring);
  const resourcesPerFleet = counter.resources;

  const memberArgs: RotatedApiKeyArgs = {
    vendor: "nylas",
    tags: TAGS,
    scheduleExpression: "cron(0 6 ? * MON,THU *)",
    rotationWindow: "4h",
    consumerPrincipals: [`arn:aws:iam::${ACCOUNT_ID}:role/consumer`],
    fleet: fleet.memberArgs,
  };
  counter.resources = 0;
  const start = performance.now();
  const keys = Array.from(
    { length: count },
    (_, i) => new RotatedApiKey(`bench-member-${i}`, memberArgs),
  );
  await Promise.all(keys.map(registered));
  const elapsedMs = performance.now() - start;
  const resourcesPerKeyInFleet = counter.resources / count;

  counter.resources = 0;
  const { fleet: _fleet, ...rest } = memberArgs;
  const ownArgs: RotatedApiKeyArgs = {
    ...rest,
    vendorOptions: { applicationId: "bench-app" },
    adminCredentialSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:bench-admin-AbCdEf`,
  };
  const ownCount = 100;
  const ownStart = performance.now();
  const own = Array.from(
    { length: ownCount },
    (_, i) => new RotatedApiKey(`bench-own-${i}`, ownArgs),
  );
  await Promise.all(own.map(registered));
  const msPerOwnKey = Math.round(((performance.now() - ownStart) / ownCount) * 100) / 100;
  const resourcesPerOwnKey = counter.resources / ownCount;

  const shared = (n: number) =>
    Math.round((resourcesPerKeyInFleet + resourcesPerFleet / n) * 100) / 100;
  return {
    keys: count,
    msPerKeyInFleet: Math.round((elapsedMs / count) * 100) / 100,
    msPerOwnKey,
    resourcesPerKeyInFleet,
    resourcesPerFleet,
    resourcesPerOwnKey,
    resourcesPerKeyAt: { "1": shared(1), "100": shared(100), "1000": shared(1_000) },
  };
}

async function installCountingMocks(counter: { resources: number }): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.custom === true) counter.resources++;
        const name = (args.inputs.name as string | undefined) ?? `${args.name}-1a2b3c4`;
        const arn =
          args.type === "aws:lambda/function:Function"
            ? `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${name}`
            : `arn:aws:mock:us-east-1:${ACCOUNT_ID}:${args.type}/${name}`;
        return { id: arn, state: { ...args.inputs, name, arn } };
      },
      call(args) {
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity")
          return { accountId: ACCOUNT_ID };
        throw new Error(`Unexpected provider call ${args.token}`);
      },
    },
    "bench",
    "bench",
    false,
  );
}

/** Resolves once every child resource the component holds is registered. */
function registered(component: pulumi.ComponentResource): Promise<unknown> {
  const children = Object.values(component).filter((v): v is pulumi.Resource =>
    pulumi.Resource.isInstance(v),
  );
  return new Promise((resolve) => pulumi.all(children.map((child) => child.urn)).apply(resolve));
}
