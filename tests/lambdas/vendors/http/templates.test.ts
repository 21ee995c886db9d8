import {
  placeholdersIn,
  renderBody,
  renderExpiry,
  renderJson,
  renderPath,
  renderRecord,
  renderText,
  templateStrings,
} from "../../../../lambdas/vendors/http/templates";

const NOW = new Date("2025-01-01T12:30:00.000Z");

describe("templates", () => {
  it("finds placeholders and leaves JSON text in braces alone", () => {
    // Act / Assess
    expect(placeholdersIn('{name}-{ keyId } {"a":1} {x_1}{2x}')).toEqual(["name", "x_1"]);
  });

  it("lists every string of a JSON template with its location", () => {
    // Act
    const strings = templateStrings({ a: "{name}", b: [1, "x"], c: { d: null } });

    // Assess
    expect(strings).toEqual([
      { at: ["a"], text: "{name}" },
      { at: ["b", 1], text: "x" },
    ]);
  });

  it("URL-encodes variables in paths", () => {
    // Act / Assess
    expect(renderPath("/accounts/{account}/keys/{keyId}", { account: "a/b c", keyId: "k?1" })).toBe(
      "/accounts/a%2Fb%20c/keys/k%3F1",
    );
  });

  it("inserts text in headers and queries and leaves out entries with no value", () => {
    // Act
    const rendered = renderRecord(
      { "X-App": "{app}", "X-Expiry": "{expiry}", Plain: "v" },
      { app: "app-1", expiry: undefined },
    );

    // Assess
    expect(rendered).toEqual({ "X-App": "app-1", Plain: "v" });
  });

  it("gives a whole-placeholder body string its variable's type and interpolates the rest", () => {
    // Act
    const body = renderJson(
      {
        name: "{name}",
        days: "{expiry}",
        label: "key {name} for {expiry} days",
        nested: [{ id: "{name}" }, 3, true, null],
      },
      { name: "rotated-1", expiry: 90 },
    );

    // Assess
    expect(body).toEqual({
      name: "rotated-1",
      days: 90,
      label: "key rotated-1 for 90 days",
      nested: [{ id: "rotated-1" }, 3, true, null],
    });
  });

  it("leaves out fields and array elements whose variable has no value", () => {
    // Act
    const body = renderJson(
      { name: "{name}", expires_in: "{expiry}", note: "until {expiry}", list: ["{expiry}", "x"] },
      { name: "n", expiry: undefined },
    );

    // Assess
    expect(body).toEqual({ name: "n", list: ["x"] });
  });

  it("renders a form body, values as text", () => {
    // Act
    const rendered = renderBody(
      { FriendlyName: "{name}", expiration: "{expiry}", active: true, note: null },
      "form",
      { name: "rotated 1&2", expiry: 3600 },
    );

    // Assess
    expect(rendered).toEqual({
      body: "FriendlyName=rotated+1%262&expiration=3600&active=true&note=",
      contentType: "application/x-www-form-urlencoded",
    });
  });

  it("renders a JSON body", () => {
    // Act
    const rendered = renderBody({ name: "{name}" }, "json", { name: "n" });

    // Assess
    expect(rendered).toEqual({ body: '{"name":"n"}', contentType: "application/json" });
  });

  it("refuses a placeholder with no variable (the schema prevents it)", () => {
    // Act / Assess
    expect(() => renderText("{nope}", {})).toThrow("template placeholder {nope} has no variable");
  });

  it.each([
    ["days", 90, 90],
    ["seconds", 2, 172_800],
    ["iso", 30, "2025-01-31T12:30:00.000Z"],
    ["date", 30, "2025-01-31"],
    ["none", 30, undefined],
    ["days", 0, undefined],
    ["iso", 0, undefined],
  ] as const)("renders expiry as %s for %d days", (format, ttlDays, expected) => {
    // Act / Assess
    expect(renderExpiry(format, ttlDays, NOW)).toBe(expected);
  });
});
