/**
 * The contract of the one HTTP client (implemented in src/http/client.ts). Drivers build requests
 * and classify vendor answers; the client owns transport: timeouts, retries with backoff,
 * Retry-After, per-vendor concurrency and rate, redaction and the debug trace.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path below the vendor's base URL, starting with `/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Whether the request may be sent again after a network error, 429 or 5xx. Only reads and
   * idempotent writes set it; a create or launch never does (it is settled by read-back instead).
   * 429 (and other "not carried out" answers the vendor hint marks) are retried regardless.
   */
  readonly idempotent: boolean;
  /** Stable operation name for logs, errors and request counts, e.g. `qualys.searchWebApps`. */
  readonly operation: string;
  readonly signal?: AbortSignal;
}

/** Any status: the client throws only on transport failure, never on a vendor's 4xx/5xx answer. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /**
   * Masks what this client masks in answers (the secrets, and the auth header values its recent
   * requests carried), for vendor text a driver decodes before quoting it: an echo escaped in the
   * raw body is whole only once decoded.
   */
  redact?(text: string): string;
}

/** What a vendor's answer says about pacing, read by a vendor-provided hint function. */
export interface ThrottleHint {
  /** Wait this long before the next attempt (from Retry-After, X-RateLimit-ToWait-Sec, ...). */
  readonly waitMs?: number;
  /** The vendor asks for no more than this many requests in flight from now on. */
  readonly concurrency?: number;
  /** The vendor asks for no more than this many requests per second from now on (X-RateLimit-Limit / Window-Sec). */
  readonly ratePerSecond?: number;
  /** The request was refused without being carried out, so it may be retried even if not idempotent. */
  readonly notCarriedOut?: boolean;
  /**
   * The vendor's call budget as this answer states it (X-RateLimit-Limit / -Window-Sec /
   * -Remaining / -ToWait-Sec): the client never starts more calls than it leaves, and reports it
   * to the plan's estimate.
   */
  readonly budget?: { readonly limit?: number; readonly windowMs?: number; readonly remaining?: number; readonly waitMs?: number };
}

/**
 * A vendor's limit on calls, as the plan measures its estimate against it: stated by the vendor's
 * answers, set by the user, or documented for the vendor.
 */
export interface CallLimit {
  readonly calls: number;
  readonly windowSeconds: number;
  /** Calls left in the current window, when the vendor said (X-RateLimit-Remaining). */
  readonly remaining?: number;
  /** Where the limit comes from, for people: `the vendor's X-RateLimit headers`, `vendors.qualys.callsPerHour`. */
  readonly source: string;
}
