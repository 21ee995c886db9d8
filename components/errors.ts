/**
 * Errors the `RotatedApiKey` component throws while planning, before it
 * creates any resource. Messages never include secret values: an admin
 * credential is described, never echoed.
 */

/** Base class of every error the component throws itself. */
export class RotatedApiKeyError extends Error {
  /** The name of the component instance that failed. */
  public readonly componentName: string;

  public constructor(message: string, componentName: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RotatedApiKeyError";
    this.componentName = componentName;
  }
}

/**
 * One or more arguments are invalid. All problems found are listed at once,
 * each naming the argument, what is allowed, what was received and how to fix it.
 */
export class RotatedApiKeyArgsError extends RotatedApiKeyError {
  /** One sentence per problem, in the order the arguments were checked. */
  public readonly problems: readonly string[];

  public constructor(componentName: string, problems: readonly string[]) {
    super(
      `Invalid arguments for RotatedApiKey "${componentName}":\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      componentName,
    );
    this.name = "RotatedApiKeyArgsError";
    this.problems = problems;
  }
}

/** The rotation Lambda's bundle has not been built. */
export class RotationBundleMissingError extends RotatedApiKeyError {
  /** Where the bundle was expected. */
  public readonly bundlePath: string;

  public constructor(componentName: string, bundlePath: string, packageRoot: string) {
    super(
      `RotatedApiKey "${componentName}" deploys the rotation Lambda bundle ${bundlePath}, which does not exist. ` +
        `Run \`npm run build\` in ${packageRoot} to create it, then run the program again.`,
      componentName,
    );
    this.name = "RotationBundleMissingError";
    this.bundlePath = bundlePath;
  }
}
