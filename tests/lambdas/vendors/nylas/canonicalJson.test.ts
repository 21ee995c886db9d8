import {
  CanonicalJsonError,
  canonicalJson,
  compareCodePoints,
} from "../../../../lambdas/vendors/nylas/canonicalJson";

describe("canonicalJson", () => {
  it("sorts keys at every level and writes no whitespace", () => {
    // Prepare
    const value = { z: 1, a: { y: true, x: "value" }, list: [{ b: 2, a: 1 }, []], m: null };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe('{"a":{"x":"value","y":true},"list":[{"a":1,"b":2},[]],"m":null,"z":1}');
  });

  it("writes the Nylas create-key body the way the Nylas SDKs do", () => {
    // Prepare
    const body = { name: "rotated-api-key/prod-secret/3f1c", expires_in: 90 };

    // Act
    const text = canonicalJson(body);

    // Assess
    expect(text).toBe('{"expires_in":90,"name":"rotated-api-key/prod-secret/3f1c"}');
  });

  it("writes scalars, strings with escapes and non-ASCII exactly as JSON.stringify", () => {
    // Prepare
    const value = { s: 'quote " backslash \\ newline \n tab \t é 😀 /', n: -0, f: 1.5, e: 1e21 };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe(
      '{"e":1e+21,"f":1.5,"n":0,"s":"quote \\" backslash \\\\ newline \\n tab \\t é 😀 /"}',
    );
    expect(canonicalJson("plain")).toBe('"plain"');
    expect(canonicalJson(7)).toBe("7");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson(null)).toBe("null");
  });

  it("orders integer-like keys as strings, not in JavaScript property order", () => {
    // Prepare
    const value = { b: 1, "10": 2, "9": 3, "": 4 };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe('{"":4,"10":2,"9":3,"b":1}');
  });

  it("orders keys by code point, so astral characters sort after U+FF01", () => {
    // Prepare
    const value = { "😀": 1, "！": 2, a: 3 };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe('{"a":3,"！":2,"😀":1}');
    expect(compareCodePoints("😀", "！")).toBeGreaterThan(0);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("same", "same")).toBe(0);
  });

  it("serializes objects with toJSON (Date) and boxed primitives like JSON.stringify", () => {
    // Prepare
    const value = { when: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), n: Object(5) as unknown };

    // Act
    const text = canonicalJson(value);

    // Assess
    expect(text).toBe('{"n":5,"when":"2025-01-02T03:04:05.000Z"}');
  });

  it("accepts the same object twice when it is not a cycle", () => {
    // Prepare
    const shared = { k: 1 };

    // Act
    const text = canonicalJson({ a: shared, b: [shared] });

    // Assess
    expect(text).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });

  it.each([
    [
      "undefined at the root",
      undefined,
      "$",
      "Cannot write a value of type undefined at $ as JSON",
    ],
    [
      "an undefined property",
      { name: "k", expires_in: undefined },
      "$.expires_in",
      "Cannot write a value of type undefined at $.expires_in as JSON",
    ],
    [
      "a function in an array",
      { list: [1, () => 2] },
      "$.list[1]",
      "Cannot write a value of type function at $.list[1] as JSON",
    ],
    ["a bigint", { n: 10n }, "$.n", "Cannot write a value of type bigint at $.n as JSON"],
    [
      "a symbol",
      { "odd key": Symbol("s") },
      '$["odd key"]',
      'Cannot write a value of type symbol at $["odd key"] as JSON',
    ],
    [
      "NaN",
      { n: Number.NaN },
      "$.n",
      "Cannot write NaN at $.n as JSON: only finite numbers are allowed",
    ],
    [
      "Infinity",
      [Number.POSITIVE_INFINITY],
      "$[0]",
      "Cannot write Infinity at $[0] as JSON: only finite numbers are allowed",
    ],
    [
      "a Map",
      { m: new Map() },
      "$.m",
      "Cannot write a Map at $.m as JSON: use a plain object or array",
    ],
  ])("throws a CanonicalJsonError for %s", (_label, value, path, message) => {
    // Prepare
    let thrown: unknown;

    // Act
    try {
      canonicalJson(value);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(CanonicalJsonError);
    expect((thrown as CanonicalJsonError).message).toBe(message);
    expect((thrown as CanonicalJsonError).path).toBe(path);
    expect((thrown as CanonicalJsonError).name).toBe("CanonicalJsonError");
  });

  it("throws a CanonicalJsonError for a cycle instead of overflowing the stack", () => {
    // Prepare
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };

    // Act
    const act = (): string => canonicalJson(cyclic);

    // Assess
    expect(act).toThrow(
      new CanonicalJsonError(
        "Cannot write a circular structure as JSON: $.self.back refers back to one of its ancestors",
        "$.self.back",
      ),
    );
  });

  it("never includes the offending values in the message", () => {
    // Prepare
    const secret = "nyk_v0_supersecretvalue";

    // Act
    const act = (): string => canonicalJson({ [secret.slice(0, 3)]: secret, bad: undefined });

    // Assess
    expect(act).toThrow("Cannot write a value of type undefined at $.bad as JSON");
    expect(act).not.toThrow(secret);
  });
});
