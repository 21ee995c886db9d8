/** The generated options table of docs/consumer.md: `ApiKeyProviderOptions` and its TSDoc. */
import path from "node:path";
import { code, table } from "./markdown";
import { memberDocs } from "./tsdoc";

const SOURCE = path.resolve(__dirname, "..", "..", "consumer", "keyProvider.ts");

/** Option, default and meaning of every `ApiKeyProvider` option. */
export function consumerOptionsTable(): string {
  const docs = memberDocs(SOURCE, "ApiKeyProviderOptions");
  if (docs === undefined)
    throw new Error("consumer/keyProvider.ts declares no ApiKeyProviderOptions.");
  return table(
    ["Option", "Default", "Meaning"],
    docs.map((d) => [code(d.name), d.default ?? "required", d.comment]),
  );
}
