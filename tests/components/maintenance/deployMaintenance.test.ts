import type { RotatedApiKey } from "../../../components";
import { maintenanceEvent } from "../../../lambdas/contract/events";
import { defaultArgs } from "../componentArgs";
import { deploy, only } from "../componentHarness";
import {
  LAMBDA_CODE_SHA256,
  LAMBDA_LAST_MODIFIED,
  installPulumiMocks,
  promiseOf,
} from "../pulumiMocks";

const mocks = installPulumiMocks();
const INVOCATION = "aws:lambda/invocation:Invocation";

describe("the maintenance run at deploy (issue 13, misfire 2)", () => {
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", defaultArgs);
  });

  it("invokes the rotation function once with the schedule's event plus deploy: true", async () => {
    // Prepare
    const functionName = await promiseOf(key.functionName);
    // Assess
    expect(only(mocks, INVOCATION, "nylas-key-deploy-maintenance").inputs).toEqual({
      functionName,
      input: JSON.stringify(maintenanceEvent("maintain", { deploy: true })),
      lifecycleScope: "CREATE_ONLY",
      triggers: { codeSha256: LAMBDA_CODE_SHA256, lastModified: LAMBDA_LAST_MODIFIED },
    });
    expect(
      JSON.parse(String(only(mocks, INVOCATION, "nylas-key-deploy-maintenance").inputs["input"])),
    ).toEqual({
      action: "maintain",
      deploy: true,
    });
  });

  it("runs after the role policy, the rotation schedule and the function exist", async () => {
    // Prepare
    const urns = await Promise.all(
      [key.rolePolicy!.urn, key.rotation.urn, key.rotationFunction!.urn, key.logGroup!.urn].map(
        promiseOf,
      ),
    );
    // Assess
    expect(only(mocks, INVOCATION, "nylas-key-deploy-maintenance").dependencies).toEqual(
      expect.arrayContaining(urns),
    );
    expect(await promiseOf(key.deployMaintenance!.urn)).toBe(
      only(mocks, INVOCATION, "nylas-key-deploy-maintenance").urn,
    );
  });
});
