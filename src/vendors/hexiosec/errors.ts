/**
 * Hexiosec answers turned into ScanformErrors a person can act on: vendor, operation, address, HTTP
 * status, the vendor's own `{code, message}` (sheet §5), and a hint for auth and permission
 * failures. Classified here, where the answer is read, by status alone.
 */
import type { Address } from "../../core/address.js";
import { isScanformError, ScanformError } from "../../core/errors.js";
import { quoteMasked, type Redactor } from "../../http/redact.js";
import { SETTINGS_ENV } from "./api.js";
import { decodeError } from "./decode.js";

export interface CallInfo {
  /** Stable operation name, e.g. `hexiosec.createScan`. */
  readonly operation: string;
  readonly address?: Address;
  /** Masks the credentials out of any vendor text quoted in a message. */
  readonly redact: Redactor;
}

const HINTS: Readonly<Record<string, string>> = {
  VENDOR_AUTH: `Check ${SETTINGS_ENV.apiKey}: it must hold a current Hexiosec ASM API key (created in the app, see https://docs.hexiosec.com/asm/using-the-public-api). Your tier must include API access.`,
  VENDOR_PERMISSION:
    "The key's user needs a role in the scan group, and your Hexiosec tier must include what was asked (API access, IP range seeds, the number of seeds). Ask your Hexiosec administrator.",
  VENDOR_THROTTLED: "Hexiosec kept answering 429 after scanform's retries. Try again later, or lower --parallelism.",
  VENDOR_ERROR: "Hexiosec failed on its side. Try again later; if it persists, contact Hexiosec support with the time of the request.",
};

function codeFor(status: number): string {
  if (status === 401) return "VENDOR_AUTH";
  if (status === 403) return "VENDOR_PERMISSION";
  if (status === 404) return "VENDOR_NOT_FOUND";
  if (status === 429) return "VENDOR_THROTTLED";
  if (status >= 400 && status < 500) return "VENDOR_VALIDATION";
  return "VENDOR_ERROR";
}

/**
 * Vendor text as a message quotes it: masked, then cut (quoteMasked). The text was JSON-decoded after
 * the HTTP layer masked the raw body, so a key echoed as `\u0026…` is whole only now.
 */
const quote = (call: CallInfo, text: string | undefined): string | undefined => (text === undefined ? undefined : quoteMasked(call.redact, text));

const where = (call: CallInfo): string => `${call.operation}${call.address === undefined ? "" : ` for ${call.address}`}`;

/** A non-2xx answer. */
export function answerError(call: CallInfo, status: number, body: string): ScanformError {
  const decoded = decodeError(body);
  const vendor = { code: quote(call, decoded.code), message: quote(call, decoded.message) };
  const code = codeFor(status);
  const said = [vendor.code, vendor.message].filter((s) => s !== undefined).join(": ");
  const text = call.redact(`${where(call)} failed: HTTP ${status}${said === "" ? "" : ` (${said})`}`);
  return new ScanformError(code, text, {
    ...(HINTS[code] === undefined ? {} : { hint: HINTS[code] }),
    detail: {
      vendor: "hexiosec",
      operation: call.operation,
      ...(call.address === undefined ? {} : { address: call.address }),
      status,
      ...(vendor.code === undefined ? {} : { vendorCode: vendor.code }),
      ...(vendor.message === undefined ? {} : { vendorMessage: vendor.message }),
    },
  });
}

/** A 2xx from the key check that says the key is not accepted (api.ts, AuthResponseWire): the same code as a 401. */
export function keyRefused(call: CallInfo, status: number): ScanformError {
  return new ScanformError("VENDOR_AUTH", `${where(call)} failed: HTTP ${status}, but Hexiosec answered authenticated: false (it does not accept the key)`, {
    hint: HINTS.VENDOR_AUTH!,
    detail: { vendor: "hexiosec", operation: call.operation, ...(call.address === undefined ? {} : { address: call.address }), status },
  });
}

/** A 2xx answer whose body is not of the documented shape. */
export function shapeError(call: CallInfo, status: number, why: string): ScanformError {
  return new ScanformError("VENDOR_BAD_ANSWER", call.redact(`${where(call)}: unexpected answer (HTTP ${status}): ${why}`), {
    hint: "The Hexiosec API may have changed; the wire decisions are in src/vendors/hexiosec/api.ts.",
    detail: { vendor: "hexiosec", operation: call.operation, ...(call.address === undefined ? {} : { address: call.address }), status },
  });
}

/**
 * A transport failure (already masked by the HTTP client). For a call that is not safe to repeat
 * and may have landed, the outcome is unknown: VENDOR_AMBIGUOUS, settled by reading back by name.
 */
export function transportFailure(call: CallInfo, e: unknown, idempotent: boolean): unknown {
  if (!isScanformError(e)) return e;
  const mayHaveLanded = e.detail?.mayHaveLanded === true && e.code !== "HTTP_ABORTED";
  if (!idempotent && mayHaveLanded) {
    return new ScanformError("VENDOR_AMBIGUOUS", `${where(call)}: the answer was lost, so it is unknown whether it was carried out (${e.message})`, {
      hint: "scanform reads Hexiosec back by name before it acts again, so the call is never made twice.",
      detail: { ...e.detail, operation: call.operation, ...(call.address === undefined ? {} : { address: call.address }) },
      cause: e,
    });
  }
  return new ScanformError(e.code, `${where(call)}: ${e.message}`, {
    ...(e.hint === undefined ? {} : { hint: e.hint }),
    ...(e.detail === undefined ? {} : { detail: { ...e.detail, ...(call.address === undefined ? {} : { address: call.address }) } }),
    cause: e,
  });
}
