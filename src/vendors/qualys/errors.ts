/**
 * Qualys answers as ScanformErrors a person can act on: vendor, operation, address, HTTP status,
 * Qualys' own responseCode, errorMessage and errorResolution, and a hint for auth and permission
 * failures. Classified here, where the answer is read (vendors/qualys.md §4).
 */
import { ScanformError, isScanformError } from "../../core/errors.js";
import { quoteMasked, type Redactor } from "../../http/redact.js";
import { RESPONSE_CODE_KIND, SETTINGS_ENV, VENDOR, type Envelope, type ErrorKind } from "./api.js";
import { ownEntry } from "../../core/own.js";

export interface CallContext {
  readonly operation: string;
  /** The manifest address the call is made for, when there is one. */
  readonly address?: string;
  /** false for create and launch: a lost answer leaves their fate unknown. */
  readonly idempotent: boolean;
}

const HINTS: Partial<Record<ErrorKind, string>> = {
  auth: `Check ${SETTINGS_ENV.username} and ${SETTINGS_ENV.password} (the Qualys login, not an API key) and ${SETTINGS_ENV.url} (your platform's API server, e.g. https://qualysapi.qg2.apps.qualys.com).`,
  permission:
    'The Qualys user needs the "API Access" permission and the WAS permissions of this operation (e.g. "Create Web Asset", "Launch WAS Scan", "Create/Edit/Delete WAS Schedule"). Ask your Qualys administrator.',
  throttled: "Qualys is limiting this account's API calls; try again later, or lower --parallelism.",
  "not-found": "The object is gone or outside the user's scope; run `scanform plan` to see the current state.",
  validation: "Qualys refused the request as sent; its message above names the problem.",
};

const CODES: Record<ErrorKind | "ambiguous", string> = {
  auth: "VENDOR_AUTH",
  permission: "VENDOR_PERMISSION",
  "not-found": "VENDOR_NOT_FOUND",
  validation: "VENDOR_VALIDATION",
  throttled: "VENDOR_THROTTLED",
  error: "VENDOR_ERROR",
  ambiguous: "VENDOR_AMBIGUOUS",
};

/** Operations read `qualys.create.WebApp`, so they already name the vendor. */
const where = (ctx: CallContext): string => `${ctx.operation}${ctx.address === undefined ? "" : ` for ${ctx.address}`}`;

function kindOfStatus(status: number): ErrorKind | undefined {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not-found";
  if (status === 409 || status === 429) return "throttled";
  return undefined;
}

/** An answer that is not SUCCESS, or not a ServiceResponse at all. */
export function answerError(ctx: CallContext, status: number, answered: Envelope | undefined, redact: Redactor): ScanformError {
  const envelope = answered === undefined ? undefined : quoted(answered, redact);
  const code = envelope?.responseCode;
  const byCode = code === undefined ? undefined : ownEntry(RESPONSE_CODE_KIND, code);
  let kind: ErrorKind | "ambiguous" = kindOfStatus(status) ?? byCode ?? "error";
  // A 5xx to a create or launch may come after the work was done.
  if (status >= 500 && !ctx.idempotent) kind = "ambiguous";
  const vendorSays = envelope === undefined ? "the answer was not a Qualys ServiceResponse" : [code, envelope.errorMessage, envelope.errorResolution].filter((x) => x !== undefined && x !== "").join(": ");
  const landed = kind === "ambiguous" ? "; it may have been carried out" : "";
  const hint = kind === "ambiguous" ? "scanform reads the vendor back before it acts again, so nothing is sent twice." : HINTS[kind];
  return new ScanformError(CODES[kind], redact(`${where(ctx)}: HTTP ${status}, ${vendorSays}${landed}`), {
    ...(hint === undefined ? {} : { hint }),
    detail: {
      vendor: VENDOR,
      operation: ctx.operation,
      ...(ctx.address === undefined ? {} : { address: ctx.address }),
      status,
      ...(code === undefined ? {} : { responseCode: code }),
      ...(envelope?.errorMessage === undefined ? {} : { errorMessage: envelope.errorMessage }),
      ...(envelope?.errorResolution === undefined ? {} : { errorResolution: envelope.errorResolution }),
    },
  });
}

/**
 * The envelope with its vendor text masked and cut to what a person reads. The text was decoded from
 * XML after the HTTP layer masked the raw body, so a password Qualys echoed escaped (`&amp;`) is
 * whole only now: quoteMasked masks it before the cut, which would otherwise leave its prefix.
 */
function quoted(envelope: Envelope, redact: Redactor): Envelope {
  const { responseCode, errorMessage, errorResolution } = envelope;
  return {
    ...envelope,
    ...(responseCode === undefined ? {} : { responseCode: quoteMasked(redact, responseCode, 60) }),
    ...(errorMessage === undefined ? {} : { errorMessage: quoteMasked(redact, errorMessage) }),
    ...(errorResolution === undefined ? {} : { errorResolution: quoteMasked(redact, errorResolution) }),
  };
}

/**
 * A launch the running-scan cap still refused when scanform stopped trying. Qualys' errorMessage is
 * quoted masked and cut like any vendor text (quoted above): it is free text, of any length.
 */
export function scanCapHeld(ctx: CallContext, envelope: Envelope | undefined, waitedMs: number, redact: Redactor): ScanformError {
  const said = envelope?.errorMessage === undefined ? "too many running scans" : quoteMasked(redact, envelope.errorMessage);
  const code = envelope?.responseCode;
  return new ScanformError("VENDOR_THROTTLED", redact(`${where(ctx)}: ${said}; still refused after ${Math.round(waitedMs / 60_000)} min`), {
    hint: "Wait for running scans to finish (or cancel some in the Qualys console), then apply again.",
    detail: { vendor: VENDOR, ...(ctx.address === undefined ? {} : { address: ctx.address }), ...(code === undefined ? {} : { responseCode: quoteMasked(redact, code, 60) }) },
  });
}

/**
 * A transport failure (HTTP_*) from the client. For a create or launch that may have landed, it
 * becomes VENDOR_AMBIGUOUS so apply reads the vendor back instead of sending it again.
 */
export function transportError(ctx: CallContext, e: unknown): unknown {
  if (!isScanformError(e) || ctx.idempotent || e.code === "HTTP_ABORTED") return e;
  if (e.detail?.["mayHaveLanded"] === false) return e;
  return new ScanformError(CODES.ambiguous, `${where(ctx)}: the answer was lost (${e.message}); it may have been carried out`, {
    hint: "scanform reads the vendor back before it acts again, so nothing is sent twice.",
    detail: { vendor: VENDOR, operation: ctx.operation, ...(ctx.address === undefined ? {} : { address: ctx.address }), cause: e.code },
    cause: e,
  });
}

/** A search still saying "more records" after the page cap: an endless answer, or a tenant far larger than any scanform manages. */
export function tooManyPages(ctx: CallContext, pages: number): ScanformError {
  return new ScanformError("VENDOR_TOO_MANY_PAGES", `${where(ctx)}: Qualys still has more records after ${pages} pages; stopped reading at more than ${pages} pages`, {
    hint: "A real tenant rarely needs this many pages of 1,000 objects; check the URL (a proxy may be answering). Raise SCANFORM_HTTP_MAX_PAGES if the tenant is that large.",
    detail: { vendor: VENDOR, operation: ctx.operation, ...(ctx.address === undefined ? {} : { address: ctx.address }), pages },
  });
}

/** A page that does not move past the previous one: the list it would make cannot be trusted. */
export function badPaging(ctx: CallContext, why: string): ScanformError {
  return new ScanformError("VENDOR_BAD_ANSWER", `${where(ctx)}: Qualys answered a page out of order: ${why}`, {
    hint: "scanform refuses a list it cannot trust rather than plan from part of it. Try again; if it persists, check the URL (a proxy may be answering).",
    detail: { vendor: VENDOR, operation: ctx.operation, ...(ctx.address === undefined ? {} : { address: ctx.address }) },
  });
}

/**
 * An answer refused before it is parsed: its references would cost far more memory and time to read
 * than its bytes (MAX_ANSWER_REFERENCES in api.ts).
 */
export function tooManyReferences(ctx: CallContext, limit: number): ScanformError {
  return new ScanformError("VENDOR_BAD_ANSWER", `${where(ctx)}: the answer holds more than ${limit.toLocaleString("en-US")} character or entity references (&...;), the most scanform reads in one answer; it was refused before parsing`, {
    hint: "No genuine Qualys answer comes near this; check the URL (a proxy may be answering).",
    detail: { vendor: VENDOR, operation: ctx.operation, ...(ctx.address === undefined ? {} : { address: ctx.address }), limit },
  });
}

/**
 * An answer with a start tag past the reader's attribute limit (MAX_TAG_ATTRIBUTES in xml-read.ts),
 * refused as it was read: checking that many attributes would hold the event loop.
 */
export function tooManyAttributes(ctx: CallContext, limit: number): ScanformError {
  return new ScanformError("VENDOR_BAD_ANSWER", `${where(ctx)}: the answer has more than ${limit} attributes on one tag, the most scanform reads (Qualys puts no data in attributes); it was refused`, {
    hint: "No genuine Qualys answer comes near this; check the URL (a proxy may be answering).",
    detail: { vendor: VENDOR, operation: ctx.operation, ...(ctx.address === undefined ? {} : { address: ctx.address }), limit },
  });
}

/** A mistake found before anything is sent (an unresolved reference, an unsupported value). */
export function invalidInput(address: string, message: string, hint: string): ScanformError {
  return new ScanformError("VENDOR_VALIDATION", `${VENDOR}: ${address}: ${message}`, { hint, detail: { vendor: VENDOR, address } });
}
