import { InvalidEventError } from "../../contract/errors";
import { Stage, type SecretDescription } from "../core/secretsStore";

/**
 * The checks AWS's own rotation templates make before every step. Returns
 * `"done"` when the token is already `AWSCURRENT` (a late retry of a finished
 * rotation), `"proceed"` when it is `AWSPENDING`, and throws otherwise.
 */
export function entryCheck(
  description: SecretDescription,
  token: string,
  step: string,
): "done" | "proceed" {
  const context = { secretId: description.arn, step, token };
  if (!description.rotationEnabled) {
    throw new InvalidEventError(
      `Secret ${description.name} is not enabled for rotation; enable rotation (RotateSecret with a Lambda ARN) before invoking ${step}.`,
      context,
    );
  }
  const stages = description.versionIdsToStages[token];
  if (stages === undefined) {
    throw new InvalidEventError(
      `ClientRequestToken ${token} is not a version of secret ${description.name}; ${step} runs only for the version RotateSecret created.`,
      context,
    );
  }
  if (stages.includes(Stage.Current)) return "done";
  if (!stages.includes(Stage.Pending)) {
    throw new InvalidEventError(
      `Version ${token} of secret ${description.name} is not AWSPENDING (stages: ${stages.join(", ") || "none"}); another rotation replaced it or a rollback ended its rotation; nothing was changed.`,
      context,
    );
  }
  return "proceed";
}
