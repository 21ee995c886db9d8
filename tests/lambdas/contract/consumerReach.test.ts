import { consumerReachEnvironment } from "../../../lambdas/contract/consumerReach";
import { replicaSecretArn } from "../../../lambdas/contract/replicaArn";

describe("replicaSecretArn", () => {
  it("swaps the region of a secret ARN and keeps the name and suffix", () => {
    expect(
      replicaSecretArn(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/key-a1B2c3",
        "eu-west-1",
      ),
    ).toBe("arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/key-a1B2c3");
    expect(
      replicaSecretArn(
        "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:key-a1B2c3",
        "cn-northwest-1",
      ),
    ).toBe("arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:key-a1B2c3");
  });

  it("leaves a name, and an ARN of another service, as they are", () => {
    expect(replicaSecretArn("team/key", "eu-west-1")).toBe("team/key");
    expect(replicaSecretArn("arn:aws:kms:us-east-1:123456789012:key/abc", "eu-west-1")).toBe(
      "arn:aws:kms:us-east-1:123456789012:key/abc",
    );
  });
});

describe("consumerReachEnvironment", () => {
  it("sets nothing for no reach, and comma-separated lists otherwise", () => {
    expect(consumerReachEnvironment({ regions: [], accountIds: [] })).toEqual({});
    expect(
      consumerReachEnvironment({
        regions: ["eu-west-1", "us-west-2"],
        accountIds: ["210987654321"],
      }),
    ).toEqual({
      ROTATION_CONSUMER_REGIONS: "eu-west-1,us-west-2",
      ROTATION_CONSUMER_ACCOUNTS: "210987654321",
    });
  });
});
