/**
 * The plugin entry (package.json `main`). Pulumi's Node.js language host runs
 * a plugin folder as `node @pulumi/pulumi/cmd/run-plugin <folder>`, and
 * run-plugin `require`s the folder, that is its package.json `main`: when the
 * module exports component classes it serves them under a provider named
 * after the package (`@rotated-api-key/pulumi` would give `pulumi`); when it
 * exports a function it calls it. So this module exports one function, which
 * starts the provider under its own name, `rotated-api-key`.
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`,
 * sdk/nodejs/cmd/run-plugin/run.ts.)
 *
 * Programs are unaffected: importing the package by name resolves through
 * package.json `exports` to the components.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./index";

/** Serves the component provider over gRPC; the host reads its port from stdout. */
function startProvider(): Promise<void> {
  return componentProviderHost(providerOptions());
}

export = startProvider;
