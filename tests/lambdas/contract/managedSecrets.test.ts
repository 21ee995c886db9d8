import { isManagedSecret, vendorOf } from "../../../lambdas/contract/managedSecrets";

describe("what marks a managed secret", () => {
  const fn = "arn:aws:lambda:us-east-1:123456789012:function:rotation";

  it("needs a supported vendor tag and a rotation function", () => {
    expect(isManagedSecret({ tags: { vendor: "sendgrid" }, rotationFunctionArn: fn })).toBe(true);
    expect(isManagedSecret({ tags: { vendor: "stripe" }, rotationFunctionArn: fn })).toBe(false);
    expect(isManagedSecret({ tags: { vendors: "sendgrid" }, rotationFunctionArn: fn })).toBe(false);
    expect(isManagedSecret({ tags: { vendor: "sendgrid" }, rotationFunctionArn: undefined })).toBe(
      false,
    );
    expect(isManagedSecret({ tags: { vendor: "sendgrid" }, rotationFunctionArn: "" })).toBe(false);
  });

  it("names the vendor only when it is supported", () => {
    expect(vendorOf({ tags: { vendor: "openai" } })).toBe("openai");
    expect(vendorOf({ tags: { vendor: "Openai" } })).toBeUndefined();
  });
});
