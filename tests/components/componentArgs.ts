import type { RotatedApiKeyArgs } from "../../components";

/** Values the component tests build arguments from. */
export const ADMIN_SECRET_ARN =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-credential-AbCdEf";
export const KMS_KEY_ARN =
  "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const CONSUMER_ROLE_ARN = "arn:aws:iam::123456789012:role/booking-service";
export const CONSUMER_USER_ARN = "arn:aws:iam::210987654321:user/ops/reporting";

/** A recognisable admin credential: the tests check it appears nowhere but its own secret version. */
export const ADMIN_CREDENTIAL = JSON.stringify({
  private_key_id: "canary-private-key-id",
  private_key: "-----BEGIN PRIVATE KEY-----\ncanary-private-key-body\n-----END PRIVATE KEY-----",
});

/** The fewest arguments: everything else defaults. */
export const defaultArgs: RotatedApiKeyArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "app-123" },
  adminCredentialSecretArn: ADMIN_SECRET_ARN,
  tags: { owner: "platform-team", purpose: "calendar sync", environment: "test" },
};

/** Every argument set: Mondays and Thursdays at 06:00 UTC, so rotations are 72 or 96 hours apart. */
export const fullArgs: RotatedApiKeyArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "app-123", region: "eu" },
  adminCredential: ADMIN_CREDENTIAL,
  scheduleExpression: "cron(0 6 ? * MON,THU *)",
  rotationWindow: "4h",
  rotateImmediately: false,
  overlapHours: 48,
  keyTtlDays: 30,
  maxKeyAgeDays: 14,
  kmsKeyId: KMS_KEY_ARN,
  tags: {
    owner: "platform-team",
    purpose: "calendar sync",
    environment: "prod",
    costCenter: "cc-42",
  },
  consumerPrincipals: [CONSUMER_ROLE_ARN, CONSUMER_USER_ARN],
  vpc: {
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
    securityGroupIds: ["sg-0123456789abcdef0"],
  },
  lambdaMemoryMb: 512,
  lambdaTimeoutSeconds: 300,
  logRetentionDays: 731,
  keyNamePrefix: "booking-nylas",
};
