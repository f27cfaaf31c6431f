/**
 * The Cortex netscan wire as the emulator reads vendors/cortex.md: paths, operation names (the
 * spec's operationIds), messages and the two error envelopes. Kept apart from the driver's own
 * reading (src/vendors/cortex/api.ts) on purpose, so a misreading in one is caught by the other.
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuResponse } from "../core/types.js";

/** §1: every netscan path lives under this prefix. */
export const NETSCAN = "/public_api/netscan/v1";

/** §3: the key check ([GOSDK] ValidateAPIKey), outside netscan; it answers the body `true`. */
export const VALIDATE_KEY_PATH = "/api_keys/validate/";

/** §1 table: the six operations, named by their operationId, and §3's key check. */
export type CortexOperation =
  | "validateApiKey"
  | "configureNewScan"
  | "publicLaunchScanRun"
  | "publicLaunchScanRunById"
  | "publicScanDefinitionRunStatus"
  | "publicGetScanDefinitionRunStatus"
  | "publicScanDefinitionRunAction";

/** §1.5: one entry of `metadata.err_extra`. */
export interface FieldAndMessage {
  readonly field: string;
  readonly message: string;
}

export const MESSAGES = {
  // §1.1 responses
  created: "Scan created successfully",
  updated: "Scan updated successfully",
  templateNotFound: "VT template not found or cannot create a new scan definition",
  // §1.5 literal example
  invalid: "The request contains invalid or missing parameters",
  // §1.2, §1.3, §1.4 error descriptions
  notFound: "Not found",
  runNotFound: "Run ID not found",
  commandRefused: "Run ID not found or command cannot be performed",
  // §1 error table
  forbidden: "User not Authorized",
  badRequest: "Bad Request",
  // §5: "Going over it returns 'Too many requests'"
  tooMany: "Too many requests",
  serverError: "Internal Server Error",
} as const;

export const launchedText = (runId: number): string => `Scan launched successfully with run ID: ${runId}`;
export const statusText = (state: string): string => `Scan is in ${state} state`;

const JSON_HEADERS = { "content-type": "application/json" } as const;

export function jsonAnswer(status: number, value: JsonValue): EmuResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(value) };
}

/** §1.5 ErrorResponseBody: `err_msg`, and `metadata.err_extra` when there are field errors. */
export function netscanError(status: number, errMsg: string, extra?: readonly FieldAndMessage[]): EmuResponse {
  const body: Record<string, JsonValue> = { err_msg: errMsg };
  if (extra !== undefined && extra.length > 0) body.metadata = { err_extra: extra.map((e) => ({ field: e.field, message: e.message })) };
  return jsonAnswer(status, body);
}

/**
 * Auth is checked by the platform's API gateway (§3), in front of netscan, so its refusals use the
 * classic XDR envelope of §4 shape 1 rather than netscan's. Clients must decode both (§4).
 */
export function gatewayError(status: number, errMsg: string): EmuResponse {
  return jsonAnswer(status, { reply: { err_code: status, err_msg: errMsg, err_extra: null } });
}
