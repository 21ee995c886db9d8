import { defineVendor } from "../kit/vendorDefinition";
import { GitLabAdapter } from "./gitLabAdapter";
import { gitLabAdminCredentialSchema, gitLabOptionsSchema } from "./options";

/** GitLab project (or group) access tokens, managed with a personal access token. */
export const gitlabVendor = defineVendor({
  name: "gitlab",
  keysExpire: true,
  optionsSchema: gitLabOptionsSchema,
  optionsShape:
    '{ scope?: "project" | "group", id, scopes: string[], accessLevel?, maxLifetimeDays?, baseUrl? }',
  adminCredentialSchema: gitLabAdminCredentialSchema,
  adminCredentialShape:
    'JSON `{"token": "glpat-..."}` (a personal access token with the api scope)',
  adapter: GitLabAdapter,
});
