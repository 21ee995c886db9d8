/**
 * Checks log lines against the CloudWatch Embedded Metric Format
 * specification (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * one `_aws` metadata block with a millisecond `Timestamp` and a
 * `CloudWatchMetrics` array of directives; each directive's `Namespace`,
 * `Dimensions` (sets of at most 30 names, each a string member of the root)
 * and `Metrics` (1-100 definitions with a `Name`, an optional known `Unit`
 * and `StorageResolution` 1 or 60, each name a numeric member of the root).
 * Stricter than the spec in one way, on purpose: every numeric root member
 * must be a declared metric, so values and declarations match both ways.
 */

/** Units CloudWatch accepts in a metric definition. */
export const EMF_UNITS = [
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
] as const;

/** One metric of an EMF record, as CloudWatch would extract it. */
export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string | undefined;
  readonly value: number | readonly number[];
  /** Each dimension set with its values, e.g. `{ service: "…", SecretName: "…" }`. */
  readonly dimensionSets: readonly Readonly<Record<string, string>>[];
}

/** Whether a line carries EMF metadata (the rest are plain log lines). */
export function isEmfLine(line: string): boolean {
  return line.includes('"_aws"');
}

/** Every way `line` departs from the specification; empty when it conforms. */
export function emfViolations(line: string): string[] {
  const problems: string[] = [];
  const blocks = line.match(/"_aws"\s*:/g)?.length ?? 0;
  if (blocks !== 1) problems.push(`expected exactly one _aws block, found ${blocks}`);
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [...problems, "not a JSON document"];
  }
  if (!isRecord(root)) return [...problems, "root is not an object"];
  const aws = root._aws;
  if (!isRecord(aws)) return [...problems, "_aws is not an object"];
  if (!Number.isInteger(aws.Timestamp) || (aws.Timestamp as number) < 0) {
    problems.push("_aws.Timestamp must be a non-negative integer (ms since the epoch)");
  }
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) {
    return [...problems, "_aws.CloudWatchMetrics must be a non-empty array"];
  }
  const declared = new Set<string>();
  directives.forEach((d: unknown, i) => {
    const at = `CloudWatchMetrics[${i}]`;
    if (!isRecord(d)) {
      problems.push(`${at} is not an object`);
      return;
    }
    if (typeof d.Namespace !== "string" || d.Namespace.trim() === "" || d.Namespace.length > 1024) {
      problems.push(`${at}.Namespace must be a string of 1-1024 characters`);
    }
    if (!Array.isArray(d.Dimensions)) problems.push(`${at}.Dimensions must be an array`);
    else {
      d.Dimensions.forEach((set: unknown, j) => {
        if (!Array.isArray(set) || set.length > 30) {
          problems.push(`${at}.Dimensions[${j}] must be an array of at most 30 names`);
          return;
        }
        for (const name of set) {
          if (typeof name !== "string" || typeof root[name] !== "string") {
            problems.push(
              `${at}.Dimensions[${j}] names ${String(name)}, which is not a string member`,
            );
          } else if ((root[name] as string).length > 1024) {
            problems.push(`dimension ${name} has a value longer than 1024 characters`);
          }
        }
      });
    }
    if (!Array.isArray(d.Metrics) || d.Metrics.length === 0 || d.Metrics.length > 100) {
      problems.push(`${at}.Metrics must hold 1-100 definitions`);
      return;
    }
    d.Metrics.forEach((m: unknown, j) => {
      if (!isRecord(m) || typeof m.Name !== "string" || m.Name === "" || m.Name.length > 1024) {
        problems.push(`${at}.Metrics[${j}].Name must be a string of 1-1024 characters`);
        return;
      }
      if (declared.has(m.Name)) problems.push(`metric ${m.Name} is declared twice`);
      declared.add(m.Name);
      if (m.Unit !== undefined && !(EMF_UNITS as readonly unknown[]).includes(m.Unit)) {
        problems.push(
          `metric ${m.Name} has unit ${String(m.Unit)}, which CloudWatch does not know`,
        );
      }
      if (
        m.StorageResolution !== undefined &&
        m.StorageResolution !== 1 &&
        m.StorageResolution !== 60
      ) {
        problems.push(`metric ${m.Name} has StorageResolution ${String(m.StorageResolution)}`);
      }
      if (!isNumericValue(root[m.Name])) {
        problems.push(`metric ${m.Name} has no numeric value (a number or up to 100 numbers)`);
      }
    });
  });
  for (const [key, value] of Object.entries(root)) {
    if (key !== "_aws" && typeof value === "number" && !declared.has(key)) {
      problems.push(`numeric member ${key} is not a declared metric`);
    }
  }
  return problems;
}

/** The metrics CloudWatch would extract from a conforming line. */
export function emfMetrics(line: string): EmfMetric[] {
  const root = JSON.parse(line) as Record<string, unknown> & {
    _aws: {
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string; Unit?: string }[];
      }[];
    };
  };
  return root._aws.CloudWatchMetrics.flatMap((d) =>
    d.Metrics.map((m) => ({
      namespace: d.Namespace,
      name: m.Name,
      unit: m.Unit,
      value: root[m.Name] as number | number[],
      dimensionSets: d.Dimensions.map((set) =>
        Object.fromEntries(set.map((name) => [name, root[name] as string])),
      ),
    })),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumericValue(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 100 &&
    value.every((v) => typeof v === "number" && Number.isFinite(v))
  );
}
