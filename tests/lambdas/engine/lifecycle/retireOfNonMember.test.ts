import {
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import type { RetireOrder } from "../../../../lambdas/contract/events";
import { SecretsStore } from "../../../../lambdas/engine/core/secretsStore";
import { retireOfNonMember } from "../../../../lambdas/engine/lifecycle/retire";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-key-AbCdEf";
const order = (phase: RetireOrder["phase"]): RetireOrder => ({
  secretArn: ARN,
  phase,
  revokeKeys: true,
});

/** What the fleet role gets when its IAM (scoped to the fleet's tag) no longer covers the secret. */
function accessDenied(): SecretsManagerServiceException {
  return new SecretsManagerServiceException({
    name: "AccessDeniedException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message: `User: arn:aws:sts::123456789012:assumed-role/nylas-prod-fleet/fn is not authorized to perform: secretsmanager:DescribeSecret on resource: ${ARN}`,
  });
}

describe("a fleet function's retire of a secret that may have left the fleet", () => {
  const sm = mockClient(SecretsManagerClient);
  const store = new SecretsStore(new SecretsManagerClient({ region: "us-east-1" }));
  afterEach(() => sm.reset());

  it("skips the delete phase when the fleet role may no longer describe the secret", async () => {
    // Prepare
    sm.on(DescribeSecretCommand).rejects(accessDenied());

    // Act
    const report = await retireOfNonMember(store, "nylas-prod", order("delete"));

    // Assess
    expect(report).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "skipped",
      reason:
        "fleet nylas-prod may no longer describe the secret (its role acts on members only): it left the fleet rather than being destroyed, so its vendor keys stay live",
      revoked: [],
      alreadyGone: [],
    });
  });

  it("goes on to retire a member, and leaves other phases and other errors to the caller", async () => {
    // Prepare
    sm.on(DescribeSecretCommand).resolves({
      ARN,
      Name: "billing-key",
      Tags: [{ Key: "RotatedApiKey:Fleet", Value: "nylas-prod" }],
    });

    // Act
    const member = await retireOfNonMember(store, "nylas-prod", order("delete"));
    const created = await retireOfNonMember(store, "nylas-prod", order("create"));
    const describedOnce = sm.commandCalls(DescribeSecretCommand).length;
    sm.on(DescribeSecretCommand).rejects(
      new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find it." }),
    );
    const missing = retireOfNonMember(store, "nylas-prod", order("delete"));

    // Assess
    expect([member, created, describedOnce]).toEqual([undefined, undefined, 1]);
    await expect(missing).rejects.toThrow("Secrets Manager can't find it.");
  });
});
