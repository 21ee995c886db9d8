import * as pulumi from "@pulumi/pulumi";

/** The account and region the mocks pretend to deploy to. */
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

/** One resource the program registered, as the engine would receive it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** Inputs with secret markers removed (the values themselves are kept). */
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
  /** Dotted paths of inputs that were sent marked secret, e.g. `secretString`. */
  readonly secretPaths: readonly string[];
  /** URNs of the resources it depends on (`dependsOn` and inputs). */
  readonly dependencies: readonly string[];
  /** The URNs among `dependencies` that no input refers to: what its `dependsOn` added. */
  readonly explicitDependencies: readonly string[];
  /**
   * Its URN as the Pulumi engine names it: its parents' types, then its own.
   * (The mock monitor's URNs, e.g. in `dependencies`, name only the parent's own type.)
   */
  readonly urn: string;
  /** Its parent's URN as the mock monitor names it (the parent's own type and name), "" for none. */
  readonly parent: string;
  /** The URNs its `aliases` name: where it was before it moved (e.g. to another parent). */
  readonly aliases: readonly string[];
}

/** The recording side of the mocks. */
export interface PulumiMocks {
  /** Every resource (custom and component) registered since the last `reset()`, in order. */
  readonly resources: RecordedResource[];
  /** Every provider function called since the last `reset()`. */
  readonly calls: pulumi.runtime.MockCallArgs[];
  /** Forgets what was recorded. */
  reset(): void;
  /** The recorded custom resources of one type token. */
  ofType(type: string): RecordedResource[];
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Answers for the provider functions the component may call; any other call fails the test. */
const CALLS: Record<string, (inputs: unknown) => Record<string, unknown>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: ACCOUNT_ID,
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`,
    id: ACCOUNT_ID,
    userId: "AIDATESTUSER",
  }),
};

/**
 * Installs Pulumi mocks that record every custom resource (and which of its
 * inputs were sent marked secret: the mock monitor keeps the markers) and
 * answer only the provider calls listed in `CALLS`.
 * Resource outputs are the inputs plus the ids, names and ARNs AWS would
 * assign, so dependent inputs hold realistic values.
 */
export function installPulumiMocks(project = "project", stack = "stack"): PulumiMocks {
  const resources: RecordedResource[] = [];
  const calls: pulumi.runtime.MockCallArgs[] = [];
  const registrations = new Map<string, Registration>();
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
        const registration = registrations.get(`${args.type}::${args.name}`);
        const root = `urn:pulumi:${stack}::${project}::`;
        resources.push({
          type: args.type,
          name: args.name,
          inputs,
          custom: args.custom === true,
          secretPaths: secretPaths(args.inputs, ""),
          dependencies: registration?.dependencies ?? [],
          explicitDependencies: (registration?.dependencies ?? []).filter(
            (urn) => !(registration?.inputDependencies ?? []).includes(urn),
          ),
          urn: urnOf(root, registration?.parent ?? "", args.type, args.name),
          parent: registration?.parent ?? "",
          aliases: (registration?.aliases ?? []).map((a) =>
            urnOf(root, a.parent, a.type || args.type, a.name || args.name),
          ),
        });
        const state = { ...inputs, ...assignedState(args.type, args.name, inputs) };
        return { id: (state.id as string | undefined) ?? `${args.name}-id`, state };
      },
      call(args) {
        calls.push(args);
        const answer = CALLS[args.token];
        if (answer === undefined) {
          throw new Error(
            `Unexpected provider call ${args.token}: add it to the call mock if the component should make it.`,
          );
        }
        return answer(args.inputs);
      },
    },
    project,
    stack,
    false,
  );
  recordRegistrations(registrations);
  return {
    resources,
    calls,
    reset() {
      resources.length = 0;
      calls.length = 0;
    },
    ofType: (type) => resources.filter((r) => r.custom && r.type === type),
  };
}

/** Resolves with an output's value (never resolves for an unknown output). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Waits until every resource held in a property of `owner`, or of a component among them, is registered. */
export async function settle(owner: object): Promise<void> {
  // Pulumi's own fields (`__parentResource`, …) are skipped: they lead back up the tree.
  const children = Object.entries(owner)
    .filter(([field]) => !field.startsWith("__"))
    .map(([, value]: [string, unknown]) => value)
    .filter((v): v is pulumi.Resource => pulumi.Resource.isInstance(v));
  await Promise.all(children.map((child) => promiseOf(child.urn)));
  const components = children.filter((c) => c instanceof pulumi.ComponentResource);
  await Promise.all(components.map(settle));
}

/** What Lambda reports for the deployed code and its last change (fixed under mocks). */
export const LAMBDA_CODE_SHA256 = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";
export const LAMBDA_LAST_MODIFIED = "2026-11-26T10:00:00.000+0000";

/** What AWS would assign: autonamed physical names, ids and ARNs. */
function assignedState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const physical = (inputs.name as string | undefined) ?? `${name}-1a2b3c4`;
  switch (type) {
    case "random:index/randomInteger:RandomInteger":
      // What the provider picks once and keeps: here a fixed value inside [min, max].
      return { result: Math.min(Number(inputs.max), Number(inputs.min) + 17) };
    case "aws:secretsmanager/secret:Secret": {
      const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${physical}-AbCdEf`;
      return { id: arn, arn, name: physical };
    }
    case "aws:iam/role:Role":
      return { id: physical, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${physical}`, name: physical };
    case "aws:cloudwatch/logGroup:LogGroup":
      return {
        id: physical,
        arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${physical}`,
        name: physical,
      };
    case "aws:lambda/function:Function":
      return {
        id: physical,
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${physical}`,
        name: physical,
        codeSha256: LAMBDA_CODE_SHA256,
        lastModified: LAMBDA_LAST_MODIFIED,
      };
    case "aws:cloudwatch/eventRule:EventRule":
      return {
        id: physical,
        arn: `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${physical}`,
        name: physical,
      };
    case "aws:sns/topic:Topic": {
      const arn = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${physical}`;
      return { id: arn, arn, name: physical };
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return {
        id: physical,
        arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${physical}`,
        name: physical,
      };
    case "aws:oam/sink:Sink": {
      const region = (inputs.region as string | undefined) ?? REGION;
      const arn = `arn:aws:oam:${region}:${ACCOUNT_ID}:sink/${name}-0a1b2c3d`;
      return { id: arn, arn, sinkId: `${name}-0a1b2c3d` };
    }
    case "aws:ec2/securityGroup:SecurityGroup":
      return { id: "sg-0e1d2c3b4a5968778" };
    case "aws:sqs/queue:Queue":
      return {
        id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${physical}`,
        arn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${physical}`,
        url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${physical}`,
        name: physical,
      };
    case "aws:cloudwatch/eventConnection:EventConnection":
      return {
        id: physical,
        arn: `arn:aws:events:${REGION}:${ACCOUNT_ID}:connection/${physical}/0d1e2f3a`,
        name: physical,
      };
    case "aws:cloudwatch/eventApiDestination:EventApiDestination":
      return {
        id: physical,
        arn: `arn:aws:events:${REGION}:${ACCOUNT_ID}:api-destination/${physical}/4b5c6d7e`,
        name: physical,
      };
    default:
      return {};
  }
}

/** What the registration request says beyond `MockResourceArgs`. */
interface Registration {
  readonly dependencies: string[];
  /** The URNs the inputs refer to (every property's dependencies). */
  readonly inputDependencies: string[];
  /** The parent's URN, "" for none. */
  readonly parent: string;
  /** Alias specs: an empty name or type means the resource's own; `parent` "" means no parent. */
  readonly aliases: { readonly name: string; readonly type: string; readonly parent: string }[];
}

interface RawAliasSpec {
  getName(): string;
  getType(): string;
  getParenturn(): string;
}

interface RawRegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getAliasesList(): { getSpec(): RawAliasSpec | undefined }[];
}

/** `MockResourceArgs` leaves out dependencies (all, and the inputs'), parent and aliases, so they are read from the registration request itself. */
function recordRegistrations(registrations: Map<string, Registration>): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RawRegisterRequest, callback: unknown): void;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const inputDependencies: string[] = [];
    req
      .getPropertydependenciesMap()
      .forEach((urns) => inputDependencies.push(...urns.getUrnsList()));
    registrations.set(`${req.getType()}::${req.getName()}`, {
      dependencies: req.getDependenciesList(),
      inputDependencies,
      parent: req.getParent(),
      aliases: req.getAliasesList().flatMap((alias) => {
        const spec = alias.getSpec();
        return spec === undefined
          ? []
          : [{ name: spec.getName(), type: spec.getType(), parent: spec.getParenturn() }];
      }),
    });
    original(req, callback);
  };
}

/** The URN of a resource under `parent` (a URN, or "" for none): its type follows the parent's types. */
function urnOf(root: string, parent: string, type: string, name: string): string {
  const parentTypes = parent === "" ? undefined : parent.split("::")[2];
  return `${root}${parentTypes === undefined ? "" : `${parentTypes}$`}${type}::${name}`;
}

function secretPaths(value: unknown, path: string): string[] {
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) return [path];
  return Object.entries(record).flatMap(([key, child]) =>
    secretPaths(child, path === "" ? key : `${path}.${key}`),
  );
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (
    typeof value !== "object" ||
    value === null ||
    Object.getPrototypeOf(value) !== Object.prototype
  )
    return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(record.value);
  return Object.fromEntries(
    Object.entries(record).map(([key, child]) => [key, unwrapSecrets(child)]),
  );
}
