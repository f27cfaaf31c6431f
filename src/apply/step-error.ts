/**
 * Errors as event data. A ScanformError keeps its code, message and hint; anything else thrown by a
 * driver is a bug, reported with a code of its own so it is never mistaken for a vendor's answer.
 */
import { isScanformError } from "../core/errors.js";
import type { StepError } from "./events.js";

export const UNEXPECTED = "APPLY_UNEXPECTED";

export function errorInfo(e: unknown): StepError {
  if (isScanformError(e)) return { code: e.code, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) };
  return { code: UNEXPECTED, message: e instanceof Error ? e.message : String(e) };
}
