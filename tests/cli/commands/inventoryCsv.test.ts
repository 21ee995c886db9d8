import { inventoryCsv, type InventoryEntry } from "../../../cli/commands/inventory";
import { parseReportTime } from "../../../cli/commands/reportTable";

const entry: InventoryEntry = {
  secret: "prod/sendgrid",
  owner: 'team, "a"',
  purpose: "mail",
  environment: "prod",
  vendor: "sendgrid",
  keyId: "k1",
  created: "2026-11-01T00:00:00.000Z",
  expires: "never",
  lastRotated: "2026-11-01T00:00:00.000Z",
  nextRotation: "2026-12-01T00:00:00.000Z",
  overlap: "none",
  ttlDays: null,
  compliant: false,
  problems: ["rotation overdue since 2026-12-01T00:00:00.000Z", "key expired"],
};

describe("inventory --csv and report's times", () => {
  it("writes RFC 4180 CSV: a header row, quoted fields where needed, CRLF", () => {
    expect(inventoryCsv([entry])).toBe(
      "secret,owner,purpose,environment,vendor,keyId,created,expires,lastRotated,nextRotation,overlap,compliant,ttlDays,problems\r\n" +
        'prod/sendgrid,"team, ""a""",mail,prod,sendgrid,k1,2026-11-01T00:00:00.000Z,never,2026-11-01T00:00:00.000Z,2026-12-01T00:00:00.000Z,none,false,,rotation overdue since 2026-12-01T00:00:00.000Z; key expired',
    );
  });

  it("reads --since/--until as ISO times or as days/hours before now", () => {
    const now = new Date("2026-11-26T12:00:00.000Z");
    expect(parseReportTime("--since", "7d", now).toISOString()).toBe("2026-11-19T12:00:00.000Z");
    expect(parseReportTime("--since", "3h", now).toISOString()).toBe("2026-11-26T09:00:00.000Z");
    expect(parseReportTime("--until", "2026-11-01T00:00:00Z", now).toISOString()).toBe(
      "2026-11-01T00:00:00.000Z",
    );
    expect(() => parseReportTime("--since", "last week", now)).toThrow(
      '--since must be an ISO time (2026-11-01T00:00:00Z) or <n>d / <n>h before now (received "last week").',
    );
  });
});
