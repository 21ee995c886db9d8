import { readFileSync } from "node:fs";
import path from "node:path";
import { LifecycleDefaults, RotatedApiKeyDefaults } from "../../components";

const COMPONENTS = path.resolve(__dirname, "..", "..", "components");

/** The TSDoc block above `readonly <field>?:` in a source file. */
function docOf(file: string, field: string): string {
  const source = readFileSync(path.join(COMPONENTS, file), "utf8");
  const at = source.indexOf(`  readonly ${field}?:`);
  expect(at).toBeGreaterThan(0);
  return source.slice(source.lastIndexOf("/**", at), at);
}

describe("the TSDoc defaults of the arguments", () => {
  it.each(Object.entries(RotatedApiKeyDefaults))(
    "state RotatedApiKeyDefaults.%s (%s)",
    (field, value) => {
      expect(docOf("rotatedApiKeyArgs.ts", field)).toContain(`@default ${String(value)}`);
    },
  );

  it.each(Object.entries(LifecycleDefaults))("state LifecycleDefaults.%s (%s)", (field, value) => {
    expect(docOf("lifecycle/lifecycleArgs.ts", field)).toContain(`@default ${String(value)}`);
    expect(docOf("rotatedApiKeyArgs.ts", "lifecycle")).toContain(`${field}: ${String(value)}`);
  });
});
