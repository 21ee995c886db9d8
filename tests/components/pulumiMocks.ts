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
  const dependenciesByKey = new Map<string, string[]>();
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
        resources.push({
          type: args.type,
          name: args.name,
          inputs,
          custom: args.custom === true,
          secretPaths: secretPaths(args.inputs, ""),
          dependencies: dependenciesByKey.get(`${args.type}::${args.name}`) ?? [],
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
  recordDependencies(dependenciesByKey);
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

/** Waits until every resource held in a property of `owner` is registered. */
export async function settle(owner: object): Promise<void> {
  const children = Object.values(owner).filter((v): v is pulumi.Resource =>
    pulumi.Resource.isInstance(v),
  );
  await Promise.all(children.map((child) => promiseOf(child.urn)));
}

/** What AWS would assign: autonamed physical names, ids and ARNs. */
function assignedState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const physical = (inputs.name as string | undefined) ?? `${name}-1a2b3c4`;
  switch (type) {
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
    default:
      return {};
  }
}

interface RawRegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

/** `MockResourceArgs` leaves out dependencies, so they are read from the registration request itself. */
function recordDependencies(dependenciesByKey: Map<string, string[]>): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RawRegisterRequest, callback: unknown): void;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    dependenciesByKey.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList());
    original(req, callback);
  };
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
