/**
 * Which injected fault, if any, hits a request. One draw per eligible request, so a seed and a
 * request order always give the same faults.
 */
import type { EmuRandom, FaultOptions } from "./types.js";

export type Fault =
  | { readonly kind: "server-error"; readonly status: number }
  | { readonly kind: "dropped" }
  | { readonly kind: "lost-answer" }
  | { readonly kind: "empty-list" };

/** The 5xx statuses a client must treat as retryable (never 501), spread across the band. */
const SERVER_ERROR_STATUSES = [500, 502, 503, 504] as const;

export function pickFault(faults: FaultOptions | undefined, operation: string | undefined, random: EmuRandom): Fault | undefined {
  if (faults === undefined) return undefined;
  if (faults.operations !== undefined && (operation === undefined || !faults.operations.includes(operation))) return undefined;
  const serverError = faults.serverError ?? 0;
  const drop = faults.drop ?? 0;
  const lostAnswer = faults.lostAnswer ?? 0;
  const emptyList = faults.emptyList ?? 0;
  if (serverError + drop + lostAnswer + emptyList <= 0) return undefined;
  const r = random.next();
  if (r < serverError) {
    const index = Math.min(SERVER_ERROR_STATUSES.length - 1, Math.floor((r / serverError) * SERVER_ERROR_STATUSES.length));
    return { kind: "server-error", status: SERVER_ERROR_STATUSES[index] ?? 503 };
  }
  if (r < serverError + drop) return { kind: "dropped" };
  if (r < serverError + drop + lostAnswer) return { kind: "lost-answer" };
  if (r < serverError + drop + lostAnswer + emptyList) return { kind: "empty-list" };
  return undefined;
}
