import { startFaultProxy, type FaultProxy } from "../../../harness/aws/faultProxy";
import { motoEndpoint } from "../../../harness/aws/motoClients";
import { runCli } from "../../../harness/cliRunner";
import { useScenario } from "../../../harness/scenario";

/**
 * moto does not evaluate secret resource policies, so a proxy in front of it
 * answers `GetSecretValue` exactly as Secrets Manager does for a caller the
 * `consumerPrincipals` policy denies; every other call reaches moto.
 */
describe("rotated-api-key history when the consumers' resource policy denies the operator", () => {
  const s = useScenario("cli-denied", { overlapHours: 24 });
  let proxy: FaultProxy;
  const caller = "arn:aws:sts::123456789012:assumed-role/ops/alice";

  beforeAll(async () => {
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    proxy = await startFaultProxy(motoEndpoint());
  });
  afterAll(() => proxy.close());

  it("says the resource policy hid the metadata, and names the role to add to operatorPrincipals", async () => {
    // Prepare
    proxy.setHooks({
      intercept: async (call) =>
        call.operation === "GetSecretValue"
          ? {
              status: 400,
              body: JSON.stringify({
                __type: "AccessDeniedException",
                Message: `User: ${caller} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${s.world.secretName} with an explicit deny in a resource-based policy`,
              }),
            }
          : undefined,
    });

    // Act
    const text = await runCli(proxy.endpoint, ["history", s.world.secretName]);
    const json = await runCli(proxy.endpoint, ["history", s.world.secretName, "--json"]);

    // Assess
    const note = `note: GetSecretValue was denied for 2 of 2 version(s) of ${s.world.secretName} by the secret's resource policy, so they show ids, stages and dates only, without key ids or expiry. RotatedApiKey's \`consumerPrincipals\` denies reading values to every principal except the consumers, the rotation role and \`operatorPrincipals\`. Add arn:aws:iam::123456789012:role/ops to \`operatorPrincipals\` (docs/cross-account-and-regions.md), or run history as one of those roles.`;
    expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: "" });
    expect(text.stdout.endsWith(`\n${note}\n`)).toBe(true);
    const exported = JSON.parse(json.stdout) as {
      versions: Array<Record<string, unknown>>;
      notes: string[];
    };
    expect(exported.notes).toEqual([note]);
    expect(exported.versions.map((v) => Object.keys(v).sort())).toEqual([
      ["createdDate", "stages", "versionId"],
      ["createdDate", "stages", "versionId"],
    ]);
  });

  it("prints no note when every value could be read", async () => {
    // Prepare
    proxy.setHooks({});

    // Act
    const result = await runCli(proxy.endpoint, ["history", s.world.secretName, "--json"]);

    // Assess
    const exported = JSON.parse(result.stdout) as {
      notes?: unknown;
      versions: Array<{ keyId?: string }>;
    };
    expect(exported.notes).toBeUndefined();
    expect(exported.versions.every((v) => typeof v.keyId === "string")).toBe(true);
  });
});
