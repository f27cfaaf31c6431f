/**
 * Transport failures, classified where they are born: what went wrong, whether the vendor may have
 * carried the request out (which decides whether a create may be sent again), and the error a
 * person reads, with every secret masked.
 */
import { ScanformError } from "../core/errors.js";
import type { Redactor } from "./redact.js";

export type TransportCode = "HTTP_TIMEOUT" | "HTTP_NETWORK" | "HTTP_TLS" | "HTTP_ABORTED" | "HTTP_TOO_LARGE" | "HTTP_PROXY";

export interface TransportFailure {
  readonly code: TransportCode;
  /** Short and secret-free, e.g. `no response headers within 30000 ms`. */
  readonly reason: string;
  /** The request may have reached the vendor and been carried out. */
  readonly mayHaveLanded: boolean;
  /** Another attempt could succeed (a certificate problem will not fix itself). */
  readonly retryable: boolean;
}

export interface Timeouts {
  readonly connectMs: number;
  /** From sending the request until the response headers arrive. */
  readonly headersMs: number;
  /** Longest pause between two chunks of the response body. */
  readonly bodyMs: number;
}

/** Codes of failures that happen before a request is written: the vendor never saw it. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

/**
 * `origin` is the vendor's base URL, whose host name a failed name lookup names. `viaProxy`: the
 * request went through a proxy, whose refusal of the tunnel undici reports as an abort.
 */
export function classifyTransportError(e: unknown, timeouts: Timeouts, origin: URL, viaProxy = false): TransportFailure {
  const code = errorCode(e);
  if (viaProxy && code === "UND_ERR_ABORTED") {
    const said = e instanceof Error ? e.message.slice(0, 120) : "";
    return { code: "HTTP_PROXY", reason: `the proxy did not open a tunnel to the vendor (${said})`, mayHaveLanded: false, retryable: false };
  }
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return { code: "HTTP_TIMEOUT", reason: `could not connect within ${timeouts.connectMs} ms`, mayHaveLanded: false, retryable: true };
    case "UND_ERR_HEADERS_TIMEOUT":
      return { code: "HTTP_TIMEOUT", reason: `no response headers within ${timeouts.headersMs} ms`, mayHaveLanded: true, retryable: true };
    case "UND_ERR_BODY_TIMEOUT":
      return { code: "HTTP_TIMEOUT", reason: `the response body stalled for ${timeouts.bodyMs} ms`, mayHaveLanded: true, retryable: true };
    case "UND_ERR_ABORTED":
      return { code: "HTTP_ABORTED", reason: "cancelled", mayHaveLanded: true, retryable: false };
  }
  if (code !== undefined && NOT_SENT.has(code)) {
    return { code: "HTTP_NETWORK", reason: notSentReason(code, origin.hostname), mayHaveLanded: false, retryable: true };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return { code: "HTTP_TLS", reason: `the server's certificate is for another host name (${code})`, mayHaveLanded: false, retryable: false };
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    return { code: "HTTP_TLS", reason: `the server's certificate was refused (${code})`, mayHaveLanded: false, retryable: false };
  }
  if (e instanceof Error && e.name === "AbortError") return { code: "HTTP_ABORTED", reason: "cancelled", mayHaveLanded: true, retryable: false };
  const what = code === "UND_ERR_SOCKET" ? "the connection was closed before the answer arrived" : `the connection failed (${code ?? "unknown error"})`;
  return { code: "HTTP_NETWORK", reason: what, mayHaveLanded: true, retryable: true };
}

/** The message already names host:port; these say what the failure means there. */
function notSentReason(code: string, host: string): string {
  if (code === "ECONNREFUSED") return "connection refused: nothing is listening there";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `the host name ${host} does not resolve (${code})`;
  return `could not connect (${code})`;
}

function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; cur = cur.cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** The request's total deadline passed (during an attempt, or before the wait for the next one). */
export const deadlineFailure = (deadlineMs: number, mayHaveLanded: boolean): TransportFailure => ({
  code: "HTTP_TIMEOUT",
  reason: `no complete answer within the request's deadline of ${seconds(deadlineMs)} (SCANFORM_HTTP_DEADLINE_SECONDS)`,
  mayHaveLanded,
  retryable: false,
});

/** An answer longer than the client reads: the vendor did answer, so a write may have been carried out. */
export const tooLargeFailure = (maxBytes: number): TransportFailure => ({
  code: "HTTP_TOO_LARGE",
  reason: `the answer is larger than ${maxBytes} bytes (SCANFORM_HTTP_MAX_BODY_BYTES), so it was not read`,
  mayHaveLanded: true,
  retryable: false,
});

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

export interface RequestContext {
  readonly vendor: string;
  readonly operation: string;
  readonly method: string;
  /** The request target (path and query) as sent. */
  readonly target: string;
  /** host:port the request went to, named in every connection error so a wrong URL or proxy shows. */
  readonly host: string;
}

const HINTS: Record<TransportCode | "HTTP_RETRY_BUDGET" | "HTTP_WAIT_TOO_LONG" | "HTTP_WRONG_URL", string> = {
  HTTP_TIMEOUT: "The vendor did not answer in time. Try again later; if it persists, check the vendor's status page.",
  HTTP_NETWORK: "Check the vendor URL and the network path to it (DNS, proxy, firewall).",
  HTTP_TLS: "scanform only talks to servers with a valid, trusted certificate. Check the URL, or your CA bundle (NODE_EXTRA_CA_CERTS).",
  HTTP_ABORTED: "The run was cancelled.",
  HTTP_PROXY: "Check HTTPS_PROXY (its address, and its user and password if it needs them) and NO_PROXY; docs/http.md says how scanform uses them.",
  HTTP_TOO_LARGE: "A vendor answer is never this large; a proxy or WAF may be answering instead. Check the URL, or raise SCANFORM_HTTP_MAX_BODY_BYTES if the answer is genuine.",
  HTTP_WAIT_TOO_LONG: "The vendor is refusing requests for longer than scanform waits in a run. Try again after the time it named, or raise SCANFORM_HTTP_MAX_WAIT_SECONDS.",
  HTTP_RETRY_BUDGET: "The vendors kept failing or throttling, so the run stopped retrying. Try again later.",
  HTTP_WRONG_URL: "Point the vendor's url setting at its API base URL (see the vendor section of the README).",
};

export function transportError(failure: TransportFailure, ctx: RequestContext, attempts: number, redact: Redactor): ScanformError {
  const landed = failure.code !== "HTTP_ABORTED" && failure.mayHaveLanded ? "; it may have been carried out" : "";
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return build(failure.code, `${describe(ctx)} to ${ctx.host}: ${failure.reason}${tries}${landed}`, ctx, redact, {
    attempts,
    mayHaveLanded: failure.mayHaveLanded,
  });
}

/**
 * An answer that proves the base URL is not the vendor's API (the driver's notThisApi). `source`
 * says where a person sets the URL, e.g. `vendors.qualys.url or QUALYS_URL`.
 */
export function wrongUrlError(ctx: RequestContext, status: number, baseUrl: URL, source: string | undefined, redact: Redactor): ScanformError {
  const shown = `${baseUrl.protocol}//${baseUrl.host}${baseUrl.pathname.replace(/\/+$/, "")}`;
  const hint = source === undefined ? HINTS.HTTP_WRONG_URL : `Set ${source} to the ${ctx.vendor} API base URL; it is ${shown} now.`;
  const message = `${describe(ctx)}: HTTP ${status} from ${shown}, on a path every ${ctx.vendor} tenant serves: the ${ctx.vendor} URL is wrong`;
  return build("HTTP_WRONG_URL", message, ctx, redact, { status, url: shown }, hint);
}

export function budgetError(ctx: RequestContext, why: string, limit: number, redact: Redactor, last: Record<string, unknown>): ScanformError {
  return build("HTTP_RETRY_BUDGET", `${describe(ctx)}: ${why}, but the run's retry budget of ${limit} is spent`, ctx, redact, last);
}

/** The vendor asked to wait longer than the client waits: failing now beats hanging for hours. */
export function waitTooLongError(ctx: RequestContext, status: number, askedMs: number, maxMs: number, redact: Redactor): ScanformError {
  const message = `${describe(ctx)}: HTTP ${status}, and the vendor asks to wait ${seconds(askedMs)} before trying again, longer than the ${seconds(maxMs)} scanform waits (SCANFORM_HTTP_MAX_WAIT_SECONDS)`;
  return build("HTTP_WAIT_TOO_LONG", message, ctx, redact, { status, askedWaitMs: askedMs, maxWaitMs: maxMs, mayHaveLanded: false });
}

const describe = (ctx: RequestContext): string => `${ctx.vendor} ${ctx.method} ${ctx.target} (${ctx.operation})`;

function build(code: keyof typeof HINTS, message: string, ctx: RequestContext, redact: Redactor, extra: Record<string, unknown>, hint = HINTS[code]): ScanformError {
  return new ScanformError(code, redact(message), {
    hint,
    detail: { vendor: ctx.vendor, operation: ctx.operation, method: ctx.method, path: redact(ctx.target), host: ctx.host, ...extra },
  });
}

/**
 * The vendor's stated budget (a rate, or a window spent until a time) would make scanform wait
 * longer than it waits between two calls: the request is refused before it is sent.
 */
export function paceTooSlowError(ctx: RequestContext, waitMs: number, why: string, maxMs: number, redact: Redactor): ScanformError {
  const message = `${describe(ctx)}: not sent, because ${why}, which means waiting ${seconds(waitMs)} before this call, longer than the ${seconds(maxMs)} scanform waits (SCANFORM_HTTP_MAX_WAIT_SECONDS)`;
  const hint = "The vendor's call budget is nearly spent or very small. Run again once it has refilled (`scanform plan` estimates the calls and the time), or raise SCANFORM_HTTP_MAX_WAIT_SECONDS to let scanform wait.";
  return build("HTTP_WAIT_TOO_LONG", message, ctx, redact, { askedWaitMs: waitMs, maxWaitMs: maxMs, mayHaveLanded: false }, hint);
}
