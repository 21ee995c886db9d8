import { defaultArgs, fullArgs } from "./componentArgs";
import { T, deploy } from "./componentHarness";
import { installPulumiMocks } from "./pulumiMocks";

const mocks = installPulumiMocks();

describe("RotatedApiKey and key material", () => {
  it("puts the admin credential in its secret version only, and no value in any other input", async () => {
    // Prepare
    await deploy(mocks, "booking-key", fullArgs);
    const credentialParts = ["canary-private-key-id", "canary-private-key-body"];
    // Act
    const holders = mocks.resources.filter((r) => {
      const text = JSON.stringify(r.inputs, (k, v: unknown) => (k === "code" ? undefined : v));
      return credentialParts.some((part) => text.includes(part));
    });
    const valueInputs = mocks.resources.flatMap((r) =>
      Object.keys(r.inputs)
        .filter((k) => /^secret(String|Binary)/.test(k))
        .map((k) => `${r.type}::${r.name}.${k}`),
    );
    // Assess
    expect(holders.map((r) => `${r.type}::${r.name}`)).toEqual([
      `${T.secretVersion}::booking-key-admin`,
    ]);
    expect(valueInputs).toEqual([`${T.secretVersion}::booking-key-admin.secretString`]);
    expect(mocks.resources.filter((r) => r.secretPaths.length > 0).map((r) => r.name)).toEqual([
      "booking-key-admin",
    ]);
  });

  it("never writes a version of the rotated secret", async () => {
    await deploy(mocks, "nylas-key", defaultArgs);
    expect(mocks.ofType(T.secretVersion)).toEqual([]);
  });

  it("sends the same inputs on every run, so a later `pulumi up` leaves the rotated secret alone", async () => {
    // Prepare
    const snapshot = (): string =>
      JSON.stringify(
        mocks.resources.map((r) => [r.type, r.name, r.inputs]),
        (k, v: unknown) => (k === "code" ? "archive" : v),
      );
    await deploy(mocks, "booking-key", fullArgs);
    const first = snapshot();
    // Act
    await deploy(mocks, "booking-key", fullArgs);
    // Assess
    expect(snapshot()).toEqual(first);
  });
});
