import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey, type RotatedApiKeyArgs } from "../../components";
import { RotatedApiKeyArgsError } from "../../components/errors";
import {
  LAMBDA_ENVIRONMENT_MAX_BYTES,
  assertEnvironmentSize,
  environmentBytes,
  sizeCheckedEnvironment,
} from "../../components/lambdaEnvironmentSize";
import { vendorOptionsJson } from "../../components/vendorOptions";
import { datadogHttpOptions } from "../../harness/simulators/http/configuredSimulators";
import { T, deploy, only } from "./componentHarness";
import { installPulumiMocks, promiseOf } from "./pulumiMocks";

const mocks = installPulumiMocks();
const ADMIN_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:datadog-admin-AbCdEf";

/** The HTTP adapter driving Datadog, as in the repo's samples (about 1 KB of options). */
const sampleOptions = datadogHttpOptions("https://api.datadoghq.com");

/** The same options with a 3,500-character description in the create body: valid, but too big. */
const bigOptions = {
  ...sampleOptions,
  create: {
    ...sampleOptions.create,
    body: {
      data: {
        type: "api_keys",
        attributes: { name: "{name}", description: "d".repeat(3_500) },
      },
    },
  },
};

function httpArgs(vendorOptions: RotatedApiKeyArgs["vendorOptions"]): RotatedApiKeyArgs {
  return {
    vendor: "http",
    vendorOptions,
    adminCredentialSecretArn: ADMIN_ARN,
    tags: { owner: "platform-team", purpose: "monitoring", environment: "test" },
  };
}

describe("the rotation Lambda's environment against Lambda's 4 KB limit (issue 13, misfire 8)", () => {
  it("counts names and values together, in UTF-8 bytes", () => {
    expect(environmentBytes({ AB: "cd", É: "€" })).toBe(2 + 2 + 2 + 3);
  });

  it("deploys the HTTP adapter's sample options, whose environment stays under the limit", async () => {
    // Act
    await deploy(mocks, "datadog-key", httpArgs(sampleOptions));
    // Assess
    const env = (
      only(mocks, T.function, "datadog-key-rotation").inputs["environment"] as {
        variables: Record<string, string>;
      }
    ).variables;
    expect(env["ROTATION_VENDOR_OPTIONS"]).toBe(vendorOptionsJson("http", sampleOptions));
    expect(environmentBytes(env)).toBeGreaterThan(1_000);
    expect(environmentBytes(env)).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_MAX_BYTES);
  });

  it("refuses plain options that overflow it at plan time, naming the largest variables, before creating anything", () => {
    // Prepare
    mocks.reset();
    const optionsBytes =
      "ROTATION_VENDOR_OPTIONS".length + vendorOptionsJson("http", bigOptions).length;
    // Act
    const attempt = () => new RotatedApiKey("datadog-key", httpArgs(bigOptions));
    // Assess
    expect(attempt).toThrow(RotatedApiKeyArgsError);
    expect(attempt).toThrow(
      new RegExp(
        `^Invalid arguments for RotatedApiKey "datadog-key":\\n  - The rotation Lambda's environment takes at least \\d+ bytes \\(names and values, as Lambda counts them\\), over Lambda's limit of 4096 bytes \\(4 KB\\)\\. The largest variables: ROTATION_VENDOR_OPTIONS ${optionsBytes} bytes \\(from \`vendorOptions\`\\), ROTATION_ADMIN_SECRET_ARN ${"ROTATION_ADMIN_SECRET_ARN".length + ADMIN_ARN.length} bytes \\(from \`adminCredentialSecretArn\`\\), POWERTOOLS_METRICS_NAMESPACE 41 bytes\\. Shorten \`vendorOptions\` \\(its JSON is passed to the function whole\\)\\.$`,
      ),
    );
    expect(mocks.resources).toEqual([]);
  });

  it("checks options known only at deploy once they resolve, with the same message", () => {
    // Prepare
    const resolved = {
      ROTATION_VENDOR_OPTIONS: vendorOptionsJson("http", bigOptions),
      ROTATION_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf",
    };
    const total = environmentBytes(resolved);
    // Act
    const attempt = () => assertEnvironmentSize("datadog-key", resolved);
    // Assess
    expect(attempt).toThrow(
      new RotatedApiKeyArgsError("datadog-key", [
        `The rotation Lambda's environment takes ${total} bytes (names and values, as Lambda counts them), over Lambda's limit of 4096 bytes (4 KB). The largest variables: ROTATION_VENDOR_OPTIONS ${total - 80} bytes (from \`vendorOptions\`), ROTATION_SECRET_ARN 80 bytes. Shorten \`vendorOptions\` (its JSON is passed to the function whole).`,
      ]),
    );
  });

  it("passes a known environment under the limit through unchanged", async () => {
    // Act
    const checked = sizeCheckedEnvironment("k", { A: "1", B: pulumi.output("2") });
    // Assess
    expect(await promiseOf(checked)).toEqual({ A: "1", B: "2" });
  });
});
