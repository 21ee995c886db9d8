import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { installPulumiMocks } from "../pulumiMocks";
import { SECRET_SHOWN_AS, dumpPreview } from "./previewDump";
import { ADMIN_CREDENTIAL } from "../componentArgs";
import {
  FLEET_ADMIN_CREDENTIAL,
  PROJECT,
  STACK,
  WEBHOOK_URL,
  runExampleProgram,
  runFullOptionsStack,
} from "./previewStacks";

const mocks = installPulumiMocks(PROJECT, STACK);
const PREVIEW_DIR = path.resolve(__dirname, "..", "..", "..", "docs", "preview");
const UPDATE = process.env.UPDATE_PREVIEW === "1";

/** Values that must never appear in a dump: the credentials (raw and as a dump quotes them), their parts, the webhook. */
const SECRET_VALUES = [ADMIN_CREDENTIAL, FLEET_ADMIN_CREDENTIAL]
  .flatMap((credential) => {
    const { private_key_id: id, private_key: key } = JSON.parse(credential) as {
      private_key_id: string;
      private_key: string;
    };
    return [credential, JSON.stringify(credential).slice(1, -1), id, key, ...key.split("\n")];
  })
  .concat([WEBHOOK_URL, "previewWebhookToken0123"]);

/** What the vendors' keys (as their simulators issue them), a private key or a bearer token look like, whatever the value. */
const KEY_SHAPES = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bnyk_v0_[A-Za-z0-9_-]{16,}/, // Nylas
  /\bSG\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/, // SendGrid
  /\bsk-[A-Za-z0-9_-]{16,}/, // OpenAI
  /\bglpat-[A-Za-z0-9_-]{16,}/, // GitLab
  /\bSK[0-9a-f]{32}\b/, // Twilio API key sid
  /\b[0-9a-f]{32}\b/, // Datadog API and application keys
  /\bBearer\s+[A-Za-z0-9._-]{16,}/,
  /hooks\.slack\.com\/services\//,
];

/**
 * Compares a dump with its committed file, or rewrites the file with UPDATE_PREVIEW=1. The message of a
 * mismatch says how to accept a reviewed change.
 */
function checkAgainstFile(file: string, dump: string): void {
  const filePath = path.join(PREVIEW_DIR, file);
  if (UPDATE) {
    writeFileSync(filePath, dump);
    return;
  }
  const committed = existsSync(filePath) ? readFileSync(filePath, "utf8") : "";
  try {
    expect(dump).toBe(committed);
  } catch (error) {
    throw new Error(
      `docs/preview/${file} no longer matches what \`pulumi up\` would do. If the change is intended, rewrite it with \`UPDATE_PREVIEW=1 npx jest tests/components/preview\` and commit it for review. The difference is in the cause below.`,
      { cause: error },
    );
  }
}

function assessNoSecrets(dump: string): void {
  expect(SECRET_VALUES.filter((value) => dump.includes(value))).toEqual([]);
  expect(KEY_SHAPES.filter((shape) => shape.test(dump)).map(String)).toEqual([]);
}

describe("the example stack's preview", () => {
  let dump: string;
  beforeAll(async () => {
    await runExampleProgram(mocks);
    dump = await dumpPreview(
      "Preview of the example stack (index.ts with Pulumi.example.yaml)",
      mocks.resources,
    );
  });

  it("matches docs/preview/example-stack.txt", () => {
    checkAgainstFile("example-stack.txt", dump);
  });

  it("holds no secret material", () => {
    assessNoSecrets(dump);
  });
});

describe("the full-options stack's preview", () => {
  let dump: string;
  beforeAll(async () => {
    await runFullOptionsStack(mocks);
    dump = await dumpPreview(
      "Preview of the full-options stack (every RotatedApiKey argument, a canary key, a fleet of two)",
      mocks.resources,
    );
  });

  it("matches docs/preview/full-options-stack.txt", () => {
    checkAgainstFile("full-options-stack.txt", dump);
  });

  it("holds no secret material: the admin credentials and the webhook URL show only as secrets", () => {
    assessNoSecrets(dump);
    const secretLines = dump.split("\n").filter((line) => line.endsWith(`: ${SECRET_SHOWN_AS}`));
    expect(secretLines.map((line) => line.trim()).sort()).toEqual([
      "invocationEndpoint: [secret]",
      "secretString: [secret]",
      "secretString: [secret]",
    ]);
  });
});
