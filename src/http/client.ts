/**
 * The one HTTP client (DESIGN.md `src/http/`), one per vendor: an undici Pool for the vendor's
 * origin, its pacing (concurrency and rate, lowered by the vendor's answers), retries with backoff
 * inside the run's retry budget, and a debug trace, all with credentials masked.
 */
import { nextTurn } from "../core/slices.js";
import { VERSION } from "../core/version.js";
import type { VendorHttpOptions } from "../vendors/driver.js";
import type { RequestCounter } from "./counter.js";
import { readBodyCapped } from "./body.js";
import { budgetError, classifyTransportError, deadlineFailure, paceTooSlowError, transportError, waitTooLongError, wrongUrlError, type RequestContext, type Timeouts, type TransportFailure } from "./errors.js";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "./limits.js";
import { createDispatcher, proxyFor, proxySecrets, type ProxySettings } from "./proxy.js";
import { createTrace, type LogSink, type TraceFormat } from "./log.js";
import { createVendorLimiter, PaceTooSlow, type Limits } from "./limiter.js";
import { authHeaderValues, createRedactor, type Redactor } from "./redact.js";
import { createRetryBudget, DEFAULT_BACKOFF, DEFAULT_RETRY_BUDGET, parseRetryAfter, retryDelayMs, retryReason, type BackoffPolicy, type RetryBudget } from "./retry.js";
import { currentSendWatch, type SendWatch } from "./send-gate.js";
import { sleep as realSleep, type Sleep } from "./sleep.js";
import type { CallLimit, HttpClient, HttpRequest, HttpResponse, ThrottleHint } from "./types.js";
import { checkBaseUrl, requestTarget } from "./url.js";

export const USER_AGENT = `scanform/${VERSION}`;
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface HttpClientOptions extends VendorHttpOptions {
  /** Debug trace sink; lines are already redacted. */
  readonly log?: LogSink;
  /** How `log` lines are written (default: text). */
  readonly logFormat?: TraceFormat;
  /** The run's budget, shared by every vendor; a client-local one of DEFAULT_RETRY_BUDGET otherwise. */
  readonly retryBudget?: RetryBudget;
  /** Counts every attempt by operation (benchmarks). */
  readonly counter?: RequestCounter;
  /** Epoch milliseconds; drives pacing, Retry-After dates and trace timing. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** Uniform in [0, 1), for backoff jitter. */
  readonly random?: () => number;
  readonly timeouts?: Partial<Timeouts>;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Over the vendor's own `maxBodyBytes` and DEFAULT_HTTP_LIMITS: what the run (environment) or a test sets. */
  readonly limits?: Partial<HttpLimits>;
  /** The proxy variables to honour (docs/http.md); none: always direct. */
  readonly proxy?: ProxySettings;
  /** Where a person sets the base URL (`vendors.qualys.url or QUALYS_URL`), named when it proves wrong. */
  readonly urlSource?: string;
}

export interface ScanformHttpClient extends HttpClient {
  /** The limits in force now (they only go down). */
  limits(): Limits;
  /** The bounds this client holds every answer to. */
  readonly bounds: HttpLimits;
  /** The vendor's limit on calls as its last answer stated it, else the one the driver was given; undefined when none is known. */
  callLimit(): CallLimit | undefined;
  /**
   * Stops the requests in flight and destroys the connections; a request after close fails at once with
   * HTTP_ABORTED, never retried. Not undici's close(): it never settles when a connection still
   * being made fails its TLS check after close began, which left the CLI exiting with 13.
   */
  close(): Promise<void>;
}

/** `ms`: time on the wire, without the wait for a slot. `hint`: what the answer said of pacing. */
type Attempt = ({ readonly response: HttpResponse; readonly hint?: ThrottleHint } | { readonly failure: TransportFailure }) & { readonly ms: number };

/**
 * What stops one request: its caller's signal, close(), or its deadline, as one controller fed by
 * one listener. AbortSignal.any per request and again per attempt cost more of a small call's CPU
 * than the rest of the client's own work (profile of the 14,000-call mixed apply), and each left a
 * weak reference on the run's long-lived signal for the garbage collector to clear.
 */
interface Cut {
  readonly signal: AbortSignal;
  /** Why the signal was aborted; undefined while it is not. */
  readonly why: "stopped" | "deadline" | undefined;
  /**
   * The request's deadline on the client's clock: it starts when its first attempt leaves and covers
   * every retry and wait. Undefined until then.
   */
  readonly deadlineAt: number | undefined;
  /** Starts the clock at `startedAt`, once: the signal aborts `ms` later unless it is stopped first. */
  armDeadline(startedAt: number, ms: number): void;
  /** The request is over: its timer and listeners go. */
  release(): void;
}

/** Throws HTTP_INSECURE_URL / HTTP_INVALID_URL for a base URL it must not talk to. */
export function createHttpClient(options: HttpClientOptions): ScanformHttpClient {
  const base = checkBaseUrl(options.vendor, options.baseUrl);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const bounds: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }), ...options.limits };
  const budget = options.retryBudget ?? createRetryBudget(DEFAULT_RETRY_BUDGET);
  const proxy = proxyFor(base, options.proxy);
  const redactSecrets = createRedactor([...options.secrets, ...proxySecrets(proxy)]);
  const limiter = createVendorLimiter(
    { concurrency: options.concurrency, ratePerSecond: minDefined(options.ratePerSecond, options.callLimit === undefined ? undefined : options.callLimit.calls / options.callLimit.windowSeconds) },
    { now, sleep, maxWaitMs: bounds.maxVendorWaitMs },
  );
  let stated: CallLimit | undefined;
  // Most vendors send the same auth headers on every request: their redactor is built once, not per answer.
  let lastAuth: { readonly key: string; readonly redact: Redactor } | undefined;
  const authRedactor = (seen: readonly string[]): Redactor => {
    const key = seen.join("\u0000");
    if (lastAuth?.key !== key) lastAuth = { key, redact: createRedactor(seen) };
    return lastAuth.redact;
  };
  /**
   * Reads an answer's pacing while its call still holds its slot, so the next start of this vendor
   * already knows what the answer left of the budget. Vendor text is redacted here, once, before the
   * driver sees any of it: an answer that echoes the request's auth headers (a proxy, a WAF) must not
   * carry them any further, and a search page is a megabyte to scan.
   */
  const paceFrom = (attempt: Attempt, redact: Redactor): Attempt => {
    if (!("response" in attempt)) return attempt;
    const response = { ...attempt.response, body: redact(attempt.response.body) };
    const hint = options.throttleHint?.(response.status, response.headers, response.body);
    if (hint === undefined) return { ...attempt, response };
    limiter.lower(hint);
    if (hint.budget !== undefined) noteBudget(hint.budget);
    return { ...attempt, response, hint };
  };
  const noteBudget = (budget: NonNullable<ThrottleHint["budget"]>): void => {
    limiter.spend(budget);
    if (budget.limit === undefined || budget.windowMs === undefined) return;
    stated = { calls: budget.limit, windowSeconds: budget.windowMs / 1000, ...(budget.remaining === undefined ? {} : { remaining: budget.remaining }), source: "the vendor's answers" };
  };
  /**
   * The requests in flight or queued, by the caller's signal that stops them. One listener per
   * signal, not per request: an apply gives every request the same signal, and hundreds of
   * listeners on it would each be walked on every add (and Node warns past ten). close() stops them all.
   */
  const live = new Map<AbortSignal | undefined, { readonly stops: Set<() => void>; readonly stopAll: () => void }>();
  let closing = false;
  let closed: Promise<void> | undefined;

  function follow(caller: AbortSignal | undefined, stop: () => void): void {
    let followers = live.get(caller);
    if (followers === undefined) {
      const stops = new Set<() => void>();
      const stopAll = (): void => {
        for (const s of stops) s();
      };
      caller?.addEventListener("abort", stopAll, { once: true });
      followers = { stops, stopAll };
      live.set(caller, followers);
    }
    followers.stops.add(stop);
  }

  function unfollow(caller: AbortSignal | undefined, stop: () => void): void {
    const followers = live.get(caller);
    if (followers === undefined || !followers.stops.delete(stop) || followers.stops.size > 0) return;
    caller?.removeEventListener("abort", followers.stopAll);
    live.delete(caller);
  }

  function cutFor(caller: AbortSignal | undefined): Cut {
    const controller = new AbortController();
    let why: Cut["why"];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let deadlineAt: number | undefined;
    const stop = (): void => {
      if (why !== undefined) return;
      why = "stopped";
      controller.abort();
    };
    if (closing || caller?.aborted === true) stop();
    else follow(caller, stop);
    return {
      signal: controller.signal,
      get why() {
        return why;
      },
      get deadlineAt() {
        return deadlineAt;
      },
      armDeadline(startedAt, ms) {
        if (deadlineAt !== undefined) return;
        deadlineAt = startedAt + ms;
        timer = setTimeout(() => {
          if (why !== undefined) return;
          why = "deadline";
          controller.abort();
        }, Math.max(0, ms));
      },
      release() {
        clearTimeout(timer);
        unfollow(caller, stop);
      },
    };
  }
  const dispatcher = createDispatcher(base, proxy, {
    connections: Math.max(1, options.concurrency),
    connectTimeoutMs: timeouts.connectMs,
    headersTimeoutMs: timeouts.headersMs,
    bodyTimeoutMs: timeouts.bodyMs,
  });

  async function attemptOnce(req: HttpRequest, target: string, authSeen: string[], cut: Cut, watch: SendWatch | undefined): Promise<Attempt> {
    // Here, after pacing: a journal entry opened at the gate is for a request about to be written.
    await watch?.beforeSend();
    // Called per attempt: Cortex advanced keys need a fresh nonce and timestamp every time.
    const auth = options.authenticate(req);
    authSeen.push(...authHeaderValues(auth));
    const headers = { ...req.headers, ...auth, "user-agent": USER_AGENT };
    const started = now();
    if (cut.why === "stopped") return { failure: NOT_SENT_ABORTED, ms: 0 };
    // The deadline passed while a retry passed the gate: it is not sent.
    if (cut.why === "deadline") return { failure: deadlineFailure(bounds.deadlineMs, false), ms: 0 };
    options.counter?.record(req.operation);
    // Idle timeouts alone let an answer dribbled a byte at a time run forever: this one is total.
    cut.armDeadline(started, bounds.deadlineMs);
    try {
      const res = await dispatcher.request({ origin: base.origin, method: req.method, path: target, headers, body: req.body ?? null, signal: cut.signal });
      const body = await readBodyCapped(res.body, res.headers["content-length"], bounds.maxBodyBytes);
      if (typeof body !== "string") return { failure: body, ms: now() - started };
      return { response: { status: res.statusCode, headers: flatten(res.headers), body }, ms: now() - started };
    } catch (e) {
      const failure = cut.why === "stopped" ? ABORTED : cut.why === "deadline" ? deadlineFailure(bounds.deadlineMs, true) : classifyTransportError(e, timeouts, base, proxy !== undefined);
      return { failure, ms: now() - started };
    }
  }

  // The auth values of the last requests, for text a driver quotes after it decoded an answer.
  const recentAuth: string[][] = [];
  const RECENT_REQUESTS = 32;

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const target = requestTarget(base, req.path, req.query);
    const ctx: RequestContext = { vendor: options.vendor, operation: req.operation, method: req.method, target, host: base.host };
    const authSeen: string[] = [];
    recentAuth.push(authSeen);
    if (recentAuth.length > RECENT_REQUESTS) recentAuth.shift();
    // Masks the configured secrets and every auth header value this request has carried.
    const redact: Redactor = (text) => authRedactor(authSeen)(redactSecrets(text));
    const trace = createTrace(options.log, redact, options.logFormat);
    const cut = cutFor(req.signal);
    try {
      return await withRetries(req, target, ctx, authSeen, redact, trace, cut);
    } finally {
      cut.release();
    }
  }

  async function withRetries(req: HttpRequest, target: string, ctx: RequestContext, authSeen: string[], redact: Redactor, trace: ReturnType<typeof createTrace>, cut: Cut): Promise<HttpResponse> {
    const { signal } = cut;
    // Stopped while it waited for a slot or out a backoff: a deadline that passed there fails as one.
    const aborted = (attempts: number) => transportError(cut.why === "deadline" ? deadlineFailure(bounds.deadlineMs, true) : ABORTED, ctx, attempts, redact);
    const watch = req.idempotent ? undefined : currentSendWatch();
    for (let attempt = 1; ; attempt++) {
      let outcome: Attempt;
      try {
        let slotWanted = false;
        outcome = await limiter.run(
          () =>
            attemptOnce(req, target, authSeen, cut, watch).then((a) => {
              slotWanted = limiter.waiting() > 0;
              return paceFrom(a, redact);
            }),
          signal,
        );
        if (slotWanted) await nextCallWritten();
      } catch (e) {
        if (signal.aborted) throw aborted(attempt);
        if (e instanceof PaceTooSlow) throw paceTooSlowError(ctx, e.waitMs, e.why, bounds.maxVendorWaitMs, redact);
        throw e;
      }
      const line = { vendor: options.vendor, operation: req.operation, method: req.method, target, attempt, ms: outcome.ms };

      let waitMs: number;
      let why: string;
      let last: Record<string, unknown>;
      let mayHaveLanded: boolean;
      if ("failure" in outcome) {
        const { failure } = outcome;
        watch?.attempted(failure.mayHaveLanded);
        trace({ event: "attempt", ...line, result: failure.code });
        const again = failure.retryable && (req.idempotent || !failure.mayHaveLanded);
        if (!again || attempt >= policy.maxAttempts) throw transportError(failure, ctx, attempt, redact);
        waitMs = retryDelayMs(attempt, policy, random);
        why = failure.code;
        last = { lastError: failure.code, attempts: attempt };
        mayHaveLanded = failure.mayHaveLanded;
      } else {
        // Redacted by paceFrom, the one way an answer comes back from the limiter.
        const response = outcome.response;
        trace({ event: "attempt", ...line, result: response.status });
        if (options.notThisApi?.(req, response)) throw wrongUrlError(ctx, response.status, base, options.urlSource, redact);
        const hint = outcome.hint;
        watch?.attempted(hint?.notCarriedOut !== true);
        const reason = retryReason(response.status, req.idempotent, hint);
        if (reason === undefined) return response;
        if (reason !== "server-error" && hint?.concurrency === undefined) limiter.backOff();
        if (attempt >= policy.maxAttempts) return response;
        const asked = maxDefined(parseRetryAfter(response.headers["retry-after"], now()), hint?.waitMs);
        if (asked !== undefined && asked > bounds.maxVendorWaitMs) throw waitTooLongError(ctx, response.status, asked, bounds.maxVendorWaitMs, redact);
        // A vendor's "wait" holds the vendor's other requests too, so they do not spend the budget on refusals.
        if (asked !== undefined && reason !== "server-error") limiter.holdFor(Math.min(policy.capMs, asked));
        waitMs = retryDelayMs(attempt, policy, random, asked);
        why = `${response.status} ${reason}`;
        last = { lastStatus: response.status, attempts: attempt };
        mayHaveLanded = reason === "server-error";
      }

      if (cut.deadlineAt !== undefined && now() + waitMs >= cut.deadlineAt) throw transportError(deadlineFailure(bounds.deadlineMs, mayHaveLanded), ctx, attempt, redact);
      if (!budget.take()) throw budgetError(ctx, `needs a retry (${why})`, budget.limit, redact, last);
      trace({ event: "retry", vendor: options.vendor, operation: req.operation, waitMs, why, budgetLeft: budget.remaining });
      try {
        await sleep(waitMs, signal);
      } catch (e) {
        if (signal.aborted) throw aborted(attempt);
        throw e;
      }
      if (signal.aborted) throw aborted(attempt);
    }
  }

  return {
    request,
    redact: (text) => createRedactor(recentAuth.flat())(redactSecrets(text)),
    bounds,
    limits: () => limiter.limits(),
    callLimit: () => stated ?? options.callLimit,
    close() {
      if (closed === undefined) {
        closing = true;
        for (const followers of [...live.values()]) followers.stopAll();
        closed = dispatcher.destroy();
      }
      return closed;
    },
  };
}

const ABORTED: TransportFailure = { code: "HTTP_ABORTED", reason: "cancelled", mayHaveLanded: true, retryable: false };
/** Cancelled after its slot came up but before anything was written: the vendor never saw it. */
const NOT_SENT_ABORTED: TransportFailure = { ...ABORTED, mayHaveLanded: false };

/** Header names are the vendor's words: kept on an object with no prototype, so none can stand for, or fail to set, one of its members. */
function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/**
 * Resolves once a call that was waiting for the slot an answer freed has been written: undici
 * reuses a keep-alive connection two turns of the event loop after its last answer (a turn to
 * resume, then one to see whether the server closed the idle socket, GHSA-35p6-xmwp-9g52). Handing
 * the answer over only then lets the vendor work on the next call while the caller decodes this
 * one, instead of after: at 20 ms of latency, with five answers a round, the callers' work held
 * every slot's next call by about a millisecond.
 */
async function nextCallWritten(): Promise<void> {
  await nextTurn();
  await nextTurn();
}
