import type * as pulumi from "@pulumi/pulumi";
import { describeValue, isPlain, isPositiveUpTo, isWholeNumberIn } from "../../describe";
import {
  ALARM_STATISTICS,
  AlarmDefaults as D,
  type AlarmStatistic,
  type AuthFailureAlarmArgs,
  type AuthFailureSource,
} from "../alarmArgs";

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const MAX_ALARM_SPAN_SECONDS = 86_400;
const ARG = "alarms.authFailureSpike";

/** Where the 401-spike alarm reads failures, checked and defaulted. */
export type AuthFailureSourcePlan =
  | { readonly kind: "consumerClient" }
  | {
      readonly kind: "logs";
      readonly logGroupName: pulumi.Input<string>;
      readonly filterPattern: string;
    }
  | {
      readonly kind: "metric";
      readonly namespace: string;
      readonly metricName: string;
      readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
      readonly statistic: AlarmStatistic;
    };

/** How a spike is recognised, checked and defaulted. */
export type AuthFailureDetectionPlan =
  | {
      readonly kind: "static";
      readonly threshold: number;
      readonly periodSeconds: number;
      readonly evaluationPeriods: number;
      readonly datapointsToAlarm: number;
    }
  | {
      readonly kind: "anomalyBand";
      readonly bandWidth: number;
      readonly periodSeconds: number;
      readonly evaluationPeriods: number;
      readonly datapointsToAlarm: number;
    };

/** The 401-spike alarm's plan. */
export interface AuthFailurePlan {
  readonly source: AuthFailureSourcePlan;
  readonly detection: AuthFailureDetectionPlan;
}

/** Checks `alarms.authFailureSpike` (already known to be an object or undefined) without its `enabled`. */
export function planAuthFailure(
  args: AuthFailureAlarmArgs | undefined,
  problems: string[],
): AuthFailurePlan | undefined {
  const before = problems.length;
  const source = planSource(args?.source, problems);
  const detection = planDetection(args?.detection, problems);
  if (problems.length > before || source === undefined || detection === undefined) return undefined;
  return { source, detection };
}

function planSource(
  source: AuthFailureAlarmArgs["source"],
  problems: string[],
): AuthFailureSourcePlan | undefined {
  if (source === undefined) return { kind: "consumerClient" };
  const kind = (source as { kind?: unknown } | null)?.kind;
  if (!strayFields(source, kind, SOURCE_FIELDS, "source", problems)) return undefined;
  if (kind === "consumerClient") return { kind };
  if (kind === "logs") {
    const { logGroupName, filterPattern } = source;
    let ok = true;
    if (
      isPlain(logGroupName) &&
      !(typeof logGroupName === "string" && LOG_GROUP_NAME.test(logGroupName))
    ) {
      ok = false;
      problems.push(
        `\`${ARG}.source.logGroupName\` must be a log group name: 1-512 letters, digits, '.', '-', '_', '/' or '#' (received ${describeValue(logGroupName)}). Pass the name of the consumers' existing log group, not its ARN.`,
      );
    }
    if (
      typeof filterPattern !== "string" ||
      filterPattern.trim() === "" ||
      filterPattern.length > 1024
    ) {
      ok = false;
      problems.push(
        `\`${ARG}.source.filterPattern\` must be a CloudWatch Logs filter pattern of 1-1024 characters matching one log event per rejected request (received ${describeValue(filterPattern)}), e.g. "{ $.status = 401 }".`,
      );
    }
    return ok
      ? {
          kind,
          logGroupName: logGroupName as pulumi.Input<string>,
          filterPattern: filterPattern as string,
        }
      : undefined;
  }
  if (kind === "metric") return planMetricSource(source, problems);
  problems.push(
    `\`${ARG}.source.kind\` must be "consumerClient", "logs" or "metric" (received ${describeValue(kind)}). Omit \`source\` to alarm on the consumer client's ConsumerAuthFailures metric.`,
  );
  return undefined;
}

function planMetricSource(
  source: AuthFailureSource,
  problems: string[],
): AuthFailureSourcePlan | undefined {
  const before = problems.length;
  for (const field of ["namespace", "metricName"] as const) {
    const value: unknown = source[field];
    if (typeof value !== "string" || value.length === 0 || value.length > 255) {
      problems.push(
        `\`${ARG}.source.${field}\` must be a string of 1-255 characters (received ${describeValue(value)}). Pass the ${field === "namespace" ? "namespace" : "name"} of the metric exactly as it is published, e.g. ${field === "namespace" ? '"AWS/ApiGateway"' : '"4XXError"'}.`,
      );
    }
  }
  const dimensions = source.dimensions ?? {};
  const entries =
    typeof dimensions === "object" && dimensions !== null ? Object.entries(dimensions) : undefined;
  if (
    entries === undefined ||
    entries.length > 30 ||
    entries.some(([name]) => name.length === 0 || name.length > 255)
  ) {
    problems.push(
      `\`${ARG}.source.dimensions\` must be an object of at most 30 dimension names (1-255 characters) and values (received ${describeValue(dimensions)}). Pass the metric's dimensions exactly as published, or omit them.`,
    );
  }
  const statistic = source.statistic ?? D.authFailureStatistic;
  if (!(ALARM_STATISTICS as readonly unknown[]).includes(statistic)) {
    problems.push(
      `\`${ARG}.source.statistic\` must be one of ${ALARM_STATISTICS.join(", ")} (received ${describeValue(statistic)}). Omit it to use Sum.`,
    );
  }
  if (problems.length > before) return undefined;
  return {
    kind: "metric",
    namespace: source.namespace as string,
    metricName: source.metricName as string,
    dimensions,
    statistic: statistic as AlarmStatistic,
  };
}

function planDetection(
  detection: AuthFailureAlarmArgs["detection"],
  problems: string[],
): AuthFailureDetectionPlan | undefined {
  const kind = detection === undefined ? "static" : (detection as { kind?: unknown } | null)?.kind;
  if (kind !== "static" && kind !== "anomalyBand") {
    problems.push(
      `\`${ARG}.detection.kind\` must be "static" or "anomalyBand" (received ${describeValue(kind)}). Omit \`detection\` for a static threshold of ${D.authFailureThreshold} failures a minute in ${D.authFailureDatapointsToAlarm} of ${D.authFailureEvaluationPeriods} minutes.`,
    );
    return undefined;
  }
  if (
    detection !== undefined &&
    !strayFields(detection, kind, DETECTION_FIELDS, "detection", problems)
  ) {
    return undefined;
  }
  const before = problems.length;
  const staticArgs = detection?.kind === "static" ? detection : undefined;
  const bandArgs = detection?.kind === "anomalyBand" ? detection : undefined;
  const periodSeconds =
    detection?.periodSeconds ??
    (kind === "static" ? D.authFailurePeriodSeconds : D.anomalyPeriodSeconds);
  if (!isWholeNumberIn(periodSeconds, 60, MAX_ALARM_SPAN_SECONDS) || periodSeconds % 60 !== 0) {
    problems.push(
      `\`${ARG}.detection.periodSeconds\` must be a multiple of 60 from 60 to 86400 (received ${describeValue(periodSeconds)}): the metrics are standard resolution. Omit it to use ${kind === "static" ? D.authFailurePeriodSeconds : D.anomalyPeriodSeconds}.`,
    );
  }
  const evaluationPeriods =
    detection?.evaluationPeriods ??
    (kind === "static" ? D.authFailureEvaluationPeriods : D.anomalyEvaluationPeriods);
  const maxPeriods = Math.max(
    1,
    Math.floor(MAX_ALARM_SPAN_SECONDS / (Number(periodSeconds) || 60)),
  );
  if (!isWholeNumberIn(evaluationPeriods, 1, maxPeriods)) {
    problems.push(
      `\`${ARG}.detection.evaluationPeriods\` must be a whole number from 1 to ${maxPeriods} (received ${describeValue(evaluationPeriods)}): CloudWatch evaluates an alarm over at most one day of periods. Use fewer or shorter periods.`,
    );
  }
  const datapointsToAlarm =
    detection?.datapointsToAlarm ??
    Math.min(
      kind === "static" ? D.authFailureDatapointsToAlarm : D.anomalyDatapointsToAlarm,
      Number(evaluationPeriods) || 1,
    );
  if (!isWholeNumberIn(datapointsToAlarm, 1, Number(evaluationPeriods) || 1)) {
    problems.push(
      `\`${ARG}.detection.datapointsToAlarm\` must be a whole number from 1 to \`evaluationPeriods\` (${describeValue(evaluationPeriods)}) (received ${describeValue(datapointsToAlarm)}): it is the N of "N out of M periods". Lower it or raise \`evaluationPeriods\`.`,
    );
  }
  const common = { periodSeconds, evaluationPeriods, datapointsToAlarm };
  if (kind === "static") {
    const threshold = staticArgs?.threshold ?? D.authFailureThreshold;
    if (!isPositiveUpTo(threshold)) {
      problems.push(
        `\`${ARG}.detection.threshold\` must be a number above 0: failures per period (received ${describeValue(threshold)}). Omit it to use ${D.authFailureThreshold}.`,
      );
    }
    return problems.length > before ? undefined : { kind, threshold, ...common };
  }
  const bandWidth = bandArgs?.bandWidth ?? D.anomalyBandWidth;
  if (!isPositiveUpTo(bandWidth, 10)) {
    problems.push(
      `\`${ARG}.detection.bandWidth\` must be a number of standard deviations above 0 and at most 10 (received ${describeValue(bandWidth)}). Omit it to use ${D.anomalyBandWidth}.`,
    );
  }
  return problems.length > before ? undefined : { kind, bandWidth, ...common };
}

/** The fields each `source.kind` takes besides `kind`. */
const SOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  consumerClient: [],
  logs: ["logGroupName", "filterPattern"],
  metric: ["namespace", "metricName", "dimensions", "statistic"],
};

/** The fields each `detection.kind` takes besides `kind`. */
const DETECTION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  static: ["threshold", "periodSeconds", "evaluationPeriods", "datapointsToAlarm"],
  anomalyBand: ["bandWidth", "periodSeconds", "evaluationPeriods", "datapointsToAlarm"],
};

/**
 * `source` and `detection` are single object types whose `kind` decides which
 * fields apply (so every Pulumi language can express them); pushes a problem
 * for each set field that belongs to another kind. True when there is none
 * (or the kind is unknown, which the caller reports).
 */
function strayFields(
  value: unknown,
  kind: unknown,
  fields: Readonly<Record<string, readonly string[]>>,
  arg: string,
  problems: string[],
): boolean {
  if (typeof value !== "object" || value === null || typeof kind !== "string") return true;
  const allowed = Object.prototype.hasOwnProperty.call(fields, kind) ? fields[kind] : undefined;
  if (allowed === undefined) return true;
  const stray = Object.entries(value)
    .filter(([field, v]) => field !== "kind" && v !== undefined && !allowed.includes(field))
    .map(([field]) => field);
  for (const field of stray) {
    problems.push(
      `\`${ARG}.${arg}.${field}\` does not apply to \`${arg}.kind\` "${kind}" (which takes ${allowed.length === 0 ? "no other fields" : allowed.map((f) => `\`${f}\``).join(", ")}). Remove it, or set the \`kind\` it belongs to.`,
    );
  }
  return stray.length === 0;
}
