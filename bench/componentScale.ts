import * as pulumi from "@pulumi/pulumi";
import { performance } from "node:perf_hooks";
import { RotatedApiKey, type RotatedApiKeyArgs } from "../components";

/** What {@link measureComponentScale} reports. */
export interface ComponentScaleResult {
  /** How many components were constructed. */
  readonly components: number;
  /** Wall time per component, from construction until all its resources are registered. */
  readonly msPerComponent: number;
  /** Custom resources each component registers. */
  readonly resourcesPerComponent: number;
}

const ACCOUNT_ID = "123456789012";

/** Every optional child and check switched on: the most a component does (cron analysis included). */
const FULL_ARGS: RotatedApiKeyArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "bench-app" },
  adminCredential: JSON.stringify({
    private_key_id: "bench",
    private_key: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----",
  }),
  scheduleExpression: "cron(0 6 ? * MON,THU *)",
  rotationWindow: "4h",
  kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  tags: { owner: "bench", purpose: "component scale benchmark", environment: "bench" },
  consumerPrincipals: [`arn:aws:iam::${ACCOUNT_ID}:role/consumer`],
  vpc: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
};

/**
 * Constructs `count` fully configured `RotatedApiKey`s under Pulumi mocks
 * (which replace any mocks set before) and measures the time until every
 * resource is registered. Needs `npm run build` first (the component checks
 * that the Lambda bundle exists).
 */
export async function measureComponentScale(count = 100): Promise<ComponentScaleResult> {
  let resources = 0;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.custom === true) resources++;
        const name = (args.inputs.name as string | undefined) ?? `${args.name}-1a2b3c4`;
        const arn = `arn:aws:mock:us-east-1:${ACCOUNT_ID}:${args.type}/${name}`;
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

  const start = performance.now();
  const keys = Array.from(
    { length: count },
    (_, i) => new RotatedApiKey(`bench-key-${i}`, FULL_ARGS),
  );
  await Promise.all(keys.map(registered));
  const elapsedMs = performance.now() - start;

  return {
    components: count,
    msPerComponent: Math.round((elapsedMs / count) * 100) / 100,
    resourcesPerComponent: resources / count,
  };
}

/** Resolves once every child resource the component holds is registered. */
function registered(key: RotatedApiKey): Promise<unknown> {
  const children = Object.values(key).filter((v): v is pulumi.Resource =>
    pulumi.Resource.isInstance(v),
  );
  return new Promise((resolve) => pulumi.all(children.map((child) => child.urn)).apply(resolve));
}
