/**
 * The bounds on what a vendor (or a proxy or WAF in between) can make scanform read or wait for.
 * Every limit has a documented default (docs/http.md) and an environment variable, so a run, a
 * test or the reliability suite can make them small; a value past a limit fails with a clear error.
 */
import { ScanformError } from "../core/errors.js";
import { oneLine } from "../core/printable.js";

export interface HttpLimits {
  /** Bytes of one answer's body; past it the answer is dropped unread (HTTP_TOO_LARGE). */
  readonly maxBodyBytes: number;
  /** One request from its first byte sent to its last byte read, retries and their waits included. */
  readonly deadlineMs: number;
  /** The longest wait a vendor may ask for (Retry-After, Qualys ToWait); a longer one fails the request. */
  readonly maxVendorWaitMs: number;
  /** Pages one paged read may take before it is refused as endless. */
  readonly maxPages: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  deadlineMs: 120_000,
  maxVendorWaitMs: 60_000,
  maxPages: 200,
};

/** Environment variable → limit, with the unit the variable is written in. */
const VARIABLES: readonly { readonly name: string; readonly limit: keyof HttpLimits; readonly unit: "bytes" | "seconds" | "count" }[] = [
  { name: "SCANFORM_HTTP_MAX_BODY_BYTES", limit: "maxBodyBytes", unit: "bytes" },
  { name: "SCANFORM_HTTP_DEADLINE_SECONDS", limit: "deadlineMs", unit: "seconds" },
  { name: "SCANFORM_HTTP_MAX_WAIT_SECONDS", limit: "maxVendorWaitMs", unit: "seconds" },
  { name: "SCANFORM_HTTP_MAX_PAGES", limit: "maxPages", unit: "count" },
];

/** The limits the environment sets; a variable that is not a positive number is refused, naming it. */
export function httpLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<HttpLimits> {
  const out: { -readonly [K in keyof HttpLimits]?: number } = {};
  for (const v of VARIABLES) {
    const text = env[v.name]?.trim();
    if (text === undefined || text === "") continue;
    const n = Number(text);
    const whole = v.unit !== "seconds";
    if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
      throw new ScanformError("HTTP_INVALID_LIMIT", `${v.name} must be a positive ${whole ? "whole number" : "number"} of ${v.unit}, not ${JSON.stringify(text.slice(0, 40))}`, {
        hint: "Unset it to use the default (docs/http.md lists them).",
        detail: { variable: v.name },
      });
    }
    out[v.limit] = v.unit === "seconds" ? Math.round(n * 1000) : n;
  }
  return out;
}

const QUOTE_MAX = 300;

/**
 * Vendor text quoted in an error or a diagnostic, cut to a few hundred characters (an answer can be
 * megabytes long, and a person needs its first words, not all of it), and on one line with nothing
 * that steers a terminal or a CI log (core/printable.ts).
 */
export function quoteVendorText(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return oneLine(text);
  return `${oneLine(text.slice(0, max))}… (${text.length - max} more characters)`;
}
