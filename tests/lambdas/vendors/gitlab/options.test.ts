import { createAdapter } from "../../../../lambdas/vendors/registry";

describe("gitlab vendor definition", () => {
  it("requires the project id and scopes, and checks the role", () => {
    // Act / Assess
    expect(() =>
      createAdapter({ vendor: "gitlab", vendorOptions: { accessLevel: 35 } }, () =>
        Promise.resolve(""),
      ),
    ).toThrow(
      "Invalid ROTATION_VENDOR_OPTIONS for gitlab: id: `id` is required: the numeric id or full path (e.g. `group/project`) of the project or group; " +
        'scopes: `scopes` is required: the token scopes, e.g. `["read_api"]`; ' +
        "accessLevel: `accessLevel` must be 10, 15, 20, 30, 40 or 50 (GitLab's role values).",
    );
  });

  it("defaults to a project scope on gitlab.com with GitLab's 365-day limit", () => {
    // Act
    const adapter = createAdapter(
      { vendor: "gitlab", vendorOptions: { id: "group/project", scopes: ["read_api"] } },
      () => Promise.resolve(JSON.stringify({ token: "glpat-01234567890123456789" })),
    );

    // Assess
    expect([adapter.vendor, adapter.secretShownOnce, adapter.maxActiveKeys]).toEqual([
      "gitlab",
      true,
      undefined,
    ]);
    return expect(adapter.createKey({ name: "n", ttlDays: 366 })).rejects.toThrow(
      "GitLab access tokens may live at most 365 days",
    );
  });
});
