import { RotationError } from "../../contract/errors";

/** Name, message and context of an error: what our errors carry, and nothing else (no request objects). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof RotationError) {
    return { name: error.name, message: error.message, ...error.context };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "UnknownError", message: String(error) };
}
