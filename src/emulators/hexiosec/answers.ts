/**
 * How the Hexiosec API answers: JSON bodies, and errors as `{code, message}` (sheet, "scanform's
 * decisions": errors; §5 says `code` is a string the official connector reads).
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuResponse } from "../core/types.js";

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

export const json = (status: number, value: JsonValue, headers: Readonly<Record<string, string>> = {}): EmuResponse => ({
  status,
  headers: { ...JSON_TYPE, ...headers },
  body: JSON.stringify(value),
});

export const noContent = (): EmuResponse => ({ status: 204 });

export const apiError = (status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): EmuResponse =>
  json(status, { code, message }, headers);

export const notFound = (what: string): EmuResponse => apiError(404, "not_found", `${what} not found`);

export const invalid = (code: string, message: string): EmuResponse => apiError(400, code, message);

export type Parsed = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly answer: EmuResponse };

/** A request body as a JSON object, or the 400 the API gives for anything else. */
export function parseObject(body: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, answer: invalid("invalid_json", "the request body is not valid JSON") };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, answer: invalid("invalid_body", "the request body must be a JSON object") };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
