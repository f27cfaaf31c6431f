/**
 * Applying VendorControls: the latency of an answer, and the gate that admits a request or names
 * why the vendor would refuse it (concurrency cap, per-second rate). Transport timing uses a
 * monotonic clock, not the emulator clock, so a test that freezes vendor time still gets
 * throttling that frees up.
 */
import { ScanformError } from "../../core/errors.js";
import type { EmuRandom, FaultOptions, VendorControls } from "./types.js";

export function latencyMs(controls: VendorControls, random: EmuRandom): number {
  const fixed = controls.latencyMs ?? 0;
  const jitter = controls.jitterMs ?? 0;
  // No draw without jitter, so turning latency on never shifts the fault sequence of a seed.
  return jitter > 0 ? fixed + random.next() * jitter : fixed;
}

export type Refusal = { readonly reason: "rate" | "concurrency"; readonly retryAfterSeconds: number };

export interface AdmissionGate {
  /** Admits the request (the caller must `release()` once answered) or says why it is refused. */
  admit(controls: VendorControls): Refusal | undefined;
  release(): void;
  readonly inFlight: number;
  reset(): void;
}

const WINDOW_MS = 1000;

export function createAdmissionGate(now: () => number): AdmissionGate {
  let inFlight = 0;
  // Start times of admitted requests within the last second, oldest first.
  let starts: number[] = [];
  return {
    admit(controls) {
      const t = now();
      if (controls.concurrency !== undefined && inFlight >= controls.concurrency) {
        return { reason: "concurrency", retryAfterSeconds: 1 };
      }
      if (controls.ratePerSecond !== undefined) {
        let drop = 0;
        while (drop < starts.length && (starts[drop] ?? 0) <= t - WINDOW_MS) drop++;
        if (drop > 0) starts = starts.slice(drop);
        if (starts.length >= controls.ratePerSecond) {
          const oldest = starts[0] ?? t;
          return { reason: "rate", retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - t) / 1000)) };
        }
        starts.push(t);
      }
      inFlight++;
      return undefined;
    },
    release() {
      inFlight = Math.max(0, inFlight - 1);
    },
    get inFlight() {
      return inFlight;
    },
    reset() {
      starts = [];
    },
  };
}

/**
 * Checks controls that arrive as JSON (PUT /__scanform/controls, `scanform emulate` flags), so a
 * typo is refused with a message instead of silently doing nothing.
 */
export function parseControls(value: unknown): VendorControls {
  const obj = asObject(value, "controls");
  const known = ["latencyMs", "jitterMs", "concurrency", "ratePerSecond", "faults"];
  rejectUnknown(obj, known, "controls");
  const out: { -readonly [K in keyof VendorControls]: VendorControls[K] } = {};
  if (obj.latencyMs !== undefined) out.latencyMs = nonNegative(obj.latencyMs, "latencyMs");
  if (obj.jitterMs !== undefined) out.jitterMs = nonNegative(obj.jitterMs, "jitterMs");
  if (obj.concurrency !== undefined) out.concurrency = positiveInteger(obj.concurrency, "concurrency");
  if (obj.ratePerSecond !== undefined) out.ratePerSecond = positiveInteger(obj.ratePerSecond, "ratePerSecond");
  if (obj.faults !== undefined) out.faults = parseFaults(obj.faults);
  return out;
}

function parseFaults(value: unknown): FaultOptions {
  const obj = asObject(value, "faults");
  rejectUnknown(obj, ["serverError", "drop", "lostAnswer", "emptyList", "operations"], "faults");
  const out: { -readonly [K in keyof FaultOptions]: FaultOptions[K] } = {};
  let total = 0;
  for (const key of ["serverError", "drop", "lostAnswer", "emptyList"] as const) {
    const v = obj[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) invalid(`faults.${key} must be a probability between 0 and 1`);
    out[key] = v;
    total += v;
  }
  if (total > 1) invalid("faults probabilities must add up to at most 1");
  if (obj.operations !== undefined) {
    if (!Array.isArray(obj.operations) || !obj.operations.every((o): o is string => typeof o === "string")) {
      invalid("faults.operations must be a list of operation names");
    }
    out.operations = obj.operations;
  }
  return out;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) invalid(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function rejectUnknown(obj: Record<string, unknown>, known: readonly string[], what: string): void {
  const unknown = Object.keys(obj).filter((k) => !known.includes(k));
  if (unknown.length > 0) invalid(`unknown ${what} field(s): ${unknown.join(", ")}; known: ${known.join(", ")}`);
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) invalid(`${name} must be a number >= 0`);
  return v;
}

function positiveInteger(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) invalid(`${name} must be an integer >= 1`);
  return v;
}

function invalid(message: string): never {
  throw new ScanformError("EMULATOR_INVALID_CONTROLS", message);
}
