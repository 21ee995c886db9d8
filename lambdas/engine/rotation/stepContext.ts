import type { Logger } from "@aws-lambda-powertools/logger";
import type { VendorAdapter } from "../../vendors/kit/adapter";
import type { RotationConfig } from "../../contract/config";
import type { SecretDescription, SecretsStore } from "../core/secretsStore";

/** Everything a step needs, built once per invocation by the handler. */
export interface StepContext {
  readonly secretId: string;
  readonly token: string;
  /** Passed back to `PutSecretValue` (needed when rotating cross-account). */
  readonly rotationToken?: string;
  /** `DescribeSecret` as read by the entry checks. */
  readonly description: SecretDescription;
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  readonly config: RotationConfig;
  readonly logger: Logger;
  /** Milliseconds left before the Lambda is stopped. */
  readonly remainingMs: () => number;
  /** Clock, replaceable in tests. */
  readonly now: () => Date;
}
