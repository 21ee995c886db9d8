import type { Logger } from "@aws-lambda-powertools/logger";

/** What an audit record is about. */
export type AuditEventName =
  | "key-created"
  | "key-verified"
  | "rotation"
  | "emergency"
  | "revocation"
  | "revocation-deferred"
  | "rollback"
  | "reconciliation"
  | "retirement";

/**
 * One audit record: who or what triggered it, which keys (ids only — never
 * secrets), the outcome and timings. Written as a structured log line with an
 * `audit` object, so CloudWatch Logs keeps it and `history` can export it:
 * filter pattern `{ $.audit.event = * }`.
 */
export interface AuditRecord {
  readonly event: AuditEventName;
  readonly secretName: string;
  /** `secretsmanager` (schedule or console), `cli:<who>`, `schedule`, `alarm:<name>`, `pulumi:destroy`. */
  readonly trigger: string;
  readonly reason?: string;
  readonly token?: string;
  readonly keyId?: string;
  readonly oldKeyId?: string;
  readonly newKeyId?: string;
  readonly oldVersionId?: string;
  readonly newVersionId?: string;
  readonly outcome?: string;
  readonly attempts?: number;
  readonly durationMs?: number;
}

export function audit(logger: Logger, record: AuditRecord): void {
  logger.info(`audit: ${record.event}`, { audit: { ...record, at: new Date().toISOString() } });
}
