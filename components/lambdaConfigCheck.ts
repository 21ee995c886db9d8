import { ConfigEnv, loadConfig } from "../lambdas/contract/config";
import { ConfigurationError } from "../lambdas/contract/errors";

type ConfigKey = keyof typeof ConfigEnv;

/** A value the Lambda accepts, used for required variables that are not being checked. */
const VALID_PLACEHOLDERS: Partial<Record<ConfigKey, string>> = {
  vendor: "nylas",
  adminSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:placeholder-AbCdEf",
};

/**
 * Runs values through the rotation Lambda's own configuration loader and
 * returns, per setting, the rule it broke (without the variable name). The
 * component thereby refuses at plan time exactly what the Lambda would refuse
 * at cold start, without restating the Lambda's rules.
 */
export function lambdaConfigProblems(
  values: Partial<Record<ConfigKey, string>>,
): Partial<Record<ConfigKey, string>> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(ConfigEnv) as ConfigKey[]) {
    const value = values[key] ?? VALID_PLACEHOLDERS[key];
    if (value !== undefined) env[ConfigEnv[key]] = value;
  }
  try {
    loadConfig(env);
    return {};
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const found: Partial<Record<ConfigKey, string>> = {};
    for (const problem of error.problems) {
      for (const key of Object.keys(ConfigEnv) as ConfigKey[]) {
        const prefix = `${ConfigEnv[key]} `;
        if (problem.startsWith(prefix)) found[key] = problem.slice(prefix.length);
      }
    }
    return found;
  }
}
