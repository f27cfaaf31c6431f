/**
 * Cortex answers and failures → ScanformError, classified where they are born. The body is decoded
 * defensively (vendors/cortex.md §4 lists five error envelopes; netscan uses §1.5's), and the
 * message names the vendor, the operation, the address, the HTTP status and the vendor's words.
 */
import { isScanformError, ScanformError } from "../../core/errors.js";
import { isRecord } from "../../core/json.js";
import { quoteMasked, type Redactor } from "../../http/redact.js";
import type { HttpResponse } from "../../http/types.js";

export interface CallContext {
  /** For people: `create scan definition`, `launch a run`, ... */
  readonly action: string;
  readonly address?: string;
  /** A non-idempotent call (create, launch) whose fate is unknown must say so. */
  readonly idempotent: boolean;
  /**
   * Masks the credentials out of vendor text quoted in a message, after it is decoded (quoteMasked):
   * the client masked the raw body, where a key echoed JSON-escaped (`\u0026`) did not match.
   */
  readonly redact: Redactor;
}

/** The most err_extra items read into a message; the rest are counted. Each costs a line of text. */
const MAX_FIELD_ERRORS = 20;

const AUTH_HINT =
  "Check CORTEX_API_KEY_ID and CORTEX_API_KEY, that CORTEX_API_KEY_TYPE matches the key's Security Level (standard or advanced), that the key has not expired, and that this machine's clock is right (advanced keys are signed with the time).";
const PERMISSION_HINT = "Give the API key a role with the network_scanners_action permission (Settings → Configurations → Integrations → API Keys).";

/** The vendor's own message and field errors, from whichever envelope it used. */
export function vendorMessage(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim();
  }
  const root = asRecord(parsed);
  if (root === undefined) return "";
  // §4 shapes 1 and 3 nest the netscan shape one level down.
  const inner = asRecord(root.reply) ?? asRecord(root.data) ?? root;
  const message = text(inner.err_msg) ?? text(inner.message) ?? text(root.errorCode) ?? "";
  const extra = asRecord(inner.metadata)?.err_extra ?? inner.err_extra ?? inner.details ?? root.detail;
  const fields = fieldErrors(extra);
  if (fields.length === 0) return message;
  return message === "" ? fields.join("; ") : `${message} (${fields.join("; ")})`;
}

/**
 * err_extra as lines of text: at most MAX_FIELD_ERRORS items, each read one level deep. Only strings
 * and numbers become text, anything else a short placeholder: `String()` of a list nested 100,000
 * deep (200 KB of JSON) overflowed the stack, and the vendor's refusal became an uncoded crash.
 */
function fieldErrors(extra: unknown): string[] {
  if (typeof extra === "string") return extra === "" ? [] : [extra];
  if (!Array.isArray(extra)) return [];
  const lines = extra.slice(0, MAX_FIELD_ERRORS).map((e) => {
    const r = asRecord(e);
    if (r === undefined) return scalar(e);
    const field = text(r.field) ?? (Array.isArray(r.loc) ? r.loc.slice(0, MAX_FIELD_ERRORS).map(scalar).join(".") : undefined);
    const msg = text(r.message) ?? text(r.msg) ?? "";
    return field === undefined ? msg : `${field}: ${msg}`;
  });
  if (extra.length > MAX_FIELD_ERRORS) lines.push(`… ${(extra.length - MAX_FIELD_ERRORS).toLocaleString("en-US")} more`);
  return lines;
}

const asRecord = (v: unknown): Readonly<Record<string, unknown>> | undefined => (isRecord(v) ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** A string or number as it is; anything else as a placeholder naming its kind, never walked. */
function scalar(v: unknown): string {
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) return "(a list)";
  if (v === null || typeof v !== "object") return `(${String(v)})`;
  return "(an object)";
}

const where = (ctx: CallContext): string => `cortex: ${ctx.action}${ctx.address === undefined ? "" : ` for ${ctx.address}`}`;

/** A vendor answer that is not the expected success. */
export function answerError(res: HttpResponse, ctx: CallContext, notFoundHint?: string): ScanformError {
  const said = quoteMasked(ctx.redact, vendorMessage(res.body));
  const message = `${where(ctx)} failed: HTTP ${res.status}${said === "" ? "" : `: ${said}`}`;
  const detail = { vendor: "cortex", action: ctx.action, address: ctx.address, status: res.status, vendorMessage: said };
  const s = res.status;
  if (s === 401) return new ScanformError("VENDOR_AUTH", message, { hint: AUTH_HINT, detail });
  if (s === 403) return new ScanformError("VENDOR_PERMISSION", message, { hint: PERMISSION_HINT, detail });
  if (s === 404) return new ScanformError("VENDOR_NOT_FOUND", message, { ...(notFoundHint === undefined ? {} : { hint: notFoundHint }), detail });
  if (s === 400 || s === 422) return new ScanformError("VENDOR_VALIDATION", message, { hint: "Fix the fields Cortex names in the manifest.", detail });
  if (s === 429) return new ScanformError("VENDOR_THROTTLED", message, { hint: "Cortex allows 10 requests per second per tenant, shared with every other API client; try again later.", detail });
  if (s >= 500 && !ctx.idempotent) return ambiguous(message, detail);
  return new ScanformError("VENDOR_ERROR", message, { detail });
}

/** A 200 whose body is not `true`: the validate call answered, and the key is not valid. */
export function refusedKey(res: HttpResponse, ctx: CallContext): ScanformError {
  return new ScanformError("VENDOR_AUTH", `${where(ctx)}: Cortex did not accept the API key (it answered ${JSON.stringify(quoteMasked(ctx.redact, res.body.trim(), 100))}, not true)`, {
    hint: AUTH_HINT,
    detail: { vendor: "cortex", action: ctx.action, status: res.status },
  });
}

/**
 * A success scanform cannot read (no run id in DATA, no definition_id): the call landed, its
 * result did not arrive in a form scanform understands. The raw text is kept for the person.
 */
export function unreadableAnswer(res: HttpResponse, ctx: CallContext, expected: string, raw: string): ScanformError {
  const shown = quoteMasked(ctx.redact, raw);
  return new ScanformError("VENDOR_BAD_ANSWER", `${where(ctx)}: Cortex answered HTTP ${res.status} but scanform cannot read ${expected} from ${JSON.stringify(shown)}`, {
    hint: "The call was carried out. Check the result in the Cortex console; if Cortex has changed this answer's wording, scanform's reading of it (src/vendors/cortex/api.ts) needs updating.",
    detail: { vendor: "cortex", action: ctx.action, address: ctx.address, status: res.status, raw: shown },
  });
}

/** A failure the HTTP client threw, given the address; a create or launch that may have landed becomes VENDOR_AMBIGUOUS. */
export function transportFailure(e: unknown, ctx: CallContext): unknown {
  if (!isScanformError(e)) return e;
  if (!ctx.idempotent && e.detail?.mayHaveLanded === true) {
    return ambiguous(`${where(ctx)}: ${e.message.replace(/; it may have been carried out$/, "")}`, { vendor: "cortex", action: ctx.action, address: ctx.address, transport: e.code }, e);
  }
  return new ScanformError(e.code, `${where(ctx)}: ${e.message}`, { ...(e.hint === undefined ? {} : { hint: e.hint }), detail: { ...e.detail, address: ctx.address }, cause: e });
}

function ambiguous(message: string, detail: Record<string, unknown>, cause?: unknown): ScanformError {
  return new ScanformError("VENDOR_AMBIGUOUS", `${message}; it may have been carried out`, {
    hint: "Cortex cannot list scan definitions or runs, so scanform cannot check; the journal entry left open says what to look for in the console and how to record it.",
    detail: { ...detail, mayHaveLanded: true },
    ...(cause === undefined ? {} : { cause }),
  });
}
