import { emfViolations } from "./emfSpec";

/** A conforming single-metric record, as Powertools writes one. */
const valid = {
  _aws: {
    Timestamp: 1_893_456_000_000,
    CloudWatchMetrics: [
      {
        Namespace: "RotatedApiKey",
        Dimensions: [["service", "SecretName"]],
        Metrics: [{ Name: "ActiveVendorKeys", Unit: "Count" }],
      },
    ],
  },
  service: "rotated-api-key",
  SecretName: "team/nylas-api-key",
  ActiveVendorKeys: 2,
};

/** The valid record with its `_aws` directive changed. */
function withDirective(change: Record<string, unknown>): Record<string, unknown> {
  const [directive] = valid._aws.CloudWatchMetrics;
  return { ...valid, _aws: { ...valid._aws, CloudWatchMetrics: [{ ...directive, ...change }] } };
}

describe("the EMF specification check the monitor's tests rely on", () => {
  it("accepts a conforming record", () => {
    expect(emfViolations(JSON.stringify(valid))).toEqual([]);
  });

  it.each([
    [
      "two _aws blocks",
      `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},${JSON.stringify(valid).slice(1)}`,
      ["expected exactly one _aws block, found 2"],
    ],
    [
      "a declared metric without a value",
      JSON.stringify({ ...valid, ActiveVendorKeys: "2" }),
      ["metric ActiveVendorKeys has no numeric value (a number or up to 100 numbers)"],
    ],
    [
      "a value that is not declared",
      JSON.stringify({ ...valid, PreviousKeyActive: 1 }),
      ["numeric member PreviousKeyActive is not a declared metric"],
    ],
    [
      "a dimension that is not a string member",
      JSON.stringify(withDirective({ Dimensions: [["service", "Step"]] })),
      ["CloudWatchMetrics[0].Dimensions[0] names Step, which is not a string member"],
    ],
    [
      "an unknown unit",
      JSON.stringify(withDirective({ Metrics: [{ Name: "ActiveVendorKeys", Unit: "Keys" }] })),
      ["metric ActiveVendorKeys has unit Keys, which CloudWatch does not know"],
    ],
    [
      "a missing namespace",
      JSON.stringify(withDirective({ Namespace: "" })),
      ["CloudWatchMetrics[0].Namespace must be a string of 1-1024 characters"],
    ],
  ])("rejects %s", (_case, line, expected) => {
    expect(emfViolations(line)).toEqual(expected);
  });
});
