import * as z from "zod/mini";
import { httpOptionsSchema } from "../../../../lambdas/vendors/http/httpOptions";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { testOptions } from "./testServer";

const BASE = testOptions("https://api.example.com");

/** The messages of every problem with `value`, in zod's order; `[]` when valid. */
function problems(value: unknown): string[] {
  const parsed = z.safeParse(httpOptionsSchema, value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

const withList = (list: Partial<HttpVendorOptions["list"]>): HttpVendorOptions => ({
  ...BASE,
  list: { ...BASE.list, ...list },
});

describe("httpOptionsSchema per-style fields", () => {
  it.each([
    [
      { style: "page", cursorParam: "after", pageSize: 10 },
      [
        '`list.pagination.cursorParam` applies only to `style` "cursor" (style is "page"); remove it',
        '`list.pagination.pageParam` is required when `style` is "page" (received nothing)',
        "`list.pagination.sizeParam` is required with `pageSize` (received nothing)",
      ],
    ],
    [
      { style: "nextUrl", nextUrlFrom: "body" },
      ['`list.pagination.nextUrlPath` is required when `style` is "nextUrl" (received nothing)'],
    ],
    [
      { style: "nextUrl" },
      ['`list.pagination.nextUrlFrom` is required when `style` is "nextUrl" (received nothing)'],
    ],
    [
      { style: "cursor", hasMorePath: "has_more" },
      [
        '`list.pagination.cursorParam` is required when `style` is "cursor" (received nothing)',
        '`list.pagination.cursorPath` is required when `style` is "cursor" (received nothing)',
      ],
    ],
    [
      { style: "none", firstPage: 2 },
      [
        "`list.pagination.firstPage` must be a whole number from 0 to 1: the number of the first page (received 2)",
        '`list.pagination.firstPage` applies only to `style` "page" (style is "none"); remove it',
      ],
    ],
    [
      { style: "pages" },
      [
        '`list.pagination.style` must be one of "none", "page", "nextUrl", "cursor" (received "pages")',
      ],
    ],
  ])("checks pagination %j", (pagination, expected) => {
    // Act / Assess
    expect(problems(withList({ pagination: pagination as never }))).toEqual(expected);
  });

  it.each([
    [
      { style: "header" },
      [
        '`verify.auth.header` is required when `style` is "header": the header that carries the key (received nothing)',
      ],
    ],
    [
      { style: "basic-password", header: "X-Key" },
      [
        '`verify.auth.header` applies only to `style` "header" (style is "basic-password"); remove it',
        '`verify.auth.username` is required when `style` is "basic-password": the fixed user name sent with the key as password (received nothing)',
      ],
    ],
    [
      { style: "basic-username", password: 7 },
      ["`verify.auth.password` must be a string: the basic-auth password (value not shown)"],
    ],
  ])("checks verify auth %j", (auth, expected) => {
    // Act / Assess
    expect(problems({ ...BASE, verify: { path: "/v1/me", auth: auth as never } })).toEqual(
      expected,
    );
  });
});
