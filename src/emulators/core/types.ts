/**
 * The emulator framework contract. src/emulators/core/ provides the HTTP server, the controls
 * (latency, concurrency cap, rate limit, faults), the request log, the inspection routes and
 * `startEmulators`; each vendor folder (src/emulators/<vendor>/) provides a VendorEmulator: its
 * routes, auth, wire format, state and the vendor's own way of answering throttling.
 */
import type { JsonValue } from "../../core/json.js";

export interface EmuRequest {
  readonly method: string;
  /** Path without the query string, as received (including any vendor base path). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface EmuResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The emulator's notion of time; tests may drive it, the demo uses the wall clock. */
export interface EmuClock {
  now(): number;
}

/** Deterministic randomness from a seed (faults, jitter, generated ids). */
export interface EmuRandom {
  /** Uniform in [0, 1). */
  next(): number;
}

export interface VendorEmulatorContext {
  readonly clock: EmuClock;
  readonly random: EmuRandom;
}

export interface VendorEmulator {
  readonly vendor: string;
  /**
   * Path prefix of the vendor's API on its host (Hexiosec `/api`), default "". The server passes
   * paths through unchanged; this only shapes the base URL handed to drivers.
   */
  readonly basePath?: string;
  /** Credentials the emulator accepts, as env-style settings (e.g. HEXIOSEC_API_KEY). */
  readonly credentials: Readonly<Record<string, string>>;
  /** A stable operation name for the request log (`listScans`, `searchWebApps`), or undefined for unknown routes. */
  operation(req: EmuRequest): string | undefined;
  handle(req: EmuRequest): EmuResponse | Promise<EmuResponse>;
  /**
   * Whether the request only reads (a search, a get, a count): the server then builds its answer
   * while the latency runs instead of after it. Absent: every request is carried out after its latency.
   */
  readOnly?(req: EmuRequest): boolean;
  /**
   * How this vendor answers "too many requests" (429 + Retry-After; Qualys 409 + X-RateLimit-*).
   * `limits` says what the server enforces, for vendors whose answers advertise it.
   */
  throttled(reason: "rate" | "concurrency", retryAfterSeconds: number, limits?: ThrottleLimits): EmuResponse;
  /** How this vendor answers an injected server error. */
  serverError(status: number): EmuResponse;
  /** The vendor's answer to `operation` when its list is empty (the `emptyList` fault); undefined for an operation that is not a list. */
  emptyList?(operation: string): EmuResponse | undefined;
  dump(): JsonValue;
  load(state: JsonValue): void;
  reset(): void;
}

/** The limits in force when a request is refused: the configured controls and the load. */
export interface ThrottleLimits {
  /** VendorControls.concurrency, when set. */
  readonly concurrency?: number;
  /** VendorControls.ratePerSecond, when set. */
  readonly ratePerSecond?: number;
  /** Requests in flight when this one was refused (not counting it). */
  readonly running?: number;
}

export interface FaultOptions {
  /** Probability per request of a 5xx answer (request not carried out). */
  readonly serverError?: number;
  /** Probability per request of the connection being destroyed before it is carried out. */
  readonly drop?: number;
  /** Probability per request of it being carried out and its answer lost (connection destroyed). */
  readonly lostAnswer?: number;
  /**
   * Probability per request of a list call answering as if the tenant held nothing (Hexiosec `[]`),
   * as a partial answer or a key of the wrong tenant would. Operations that are not lists answer normally.
   */
  readonly emptyList?: number;
  /** Only these operations are subject to faults (all when absent). */
  readonly operations?: readonly string[];
}

export interface VendorControls {
  /** Added to every answer: fixed + uniform jitter, in milliseconds. */
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** Requests in flight at once before the vendor's throttle answer (unlimited when absent). */
  readonly concurrency?: number;
  /** Requests per second (sliding one-second window) before the vendor's throttle answer. */
  readonly ratePerSecond?: number;
  readonly faults?: FaultOptions;
}
