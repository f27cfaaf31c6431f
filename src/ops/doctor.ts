/**
 * doctor: can this machine run plan and apply? Per vendor in use: reachable and authenticated (the
 * same check plan makes), with the clock skew where auth depends on the time; the proxy settings
 * seen; the state backend reachable, and who holds its lock. Reads only; changes nothing.
 */
import { parseProxy } from "../http/proxy.js";
import { isScanformError, type Diagnostic } from "../core/errors.js";
import type { LockInfo } from "../state/capabilities.js";
import { checkCredentials, vendorsInUse, type VendorCheck } from "./credentials.js";
import type { Workspace, WorkspaceIO } from "./workspace.js";

export interface ProxySetting {
  /** The variable that holds it, e.g. HTTPS_PROXY. */
  readonly variable: string;
  /** Its URL without any user:password. */
  readonly url: string;
  /** false when the HTTP client refuses it (not an http(s) URL): every call to a vendor not on loopback then fails. */
  readonly usable: boolean;
}

export type StateCheck =
  | { readonly ok: true; readonly describe: string; readonly serial?: number; readonly lock?: LockInfo }
  | { readonly ok: false; readonly describe: string; readonly error: Diagnostic };

export interface DoctorReport {
  readonly vendors: readonly VendorCheck[];
  /** Proxy variables set in the environment, which vendor calls go through (docs/http.md). */
  readonly proxies: readonly ProxySetting[];
  readonly state: StateCheck;
  /** false when a vendor or the state failed its check. */
  readonly ok: boolean;
}

/** The variables the HTTP layer honours (src/http/proxy.ts); ALL_PROXY is not among them. */
const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

export async function doctorOperation(ws: Workspace, io: Pick<WorkspaceIO, "env">, signal?: AbortSignal): Promise<DoctorReport> {
  const state = await checkState(ws);
  const vendors = await checkCredentials(ws, state.ok ? await vendorsInUse(ws) : [...new Set(ws.desired.resources.map((r) => r.vendor))].sort(), signal);
  const proxies = PROXY_VARIABLES.flatMap((variable) => {
    const value = io.env[variable];
    return value === undefined || value === "" ? [] : [{ variable, url: withoutUserInfo(value), usable: isUsableProxy(value) }];
  });
  return { vendors, proxies, state, ok: state.ok && vendors.every((v) => v.ok) };
}

async function checkState(ws: Workspace): Promise<StateCheck> {
  const describe = ws.backend.describe;
  try {
    const snapshot = await ws.backend.read();
    const lock = await ws.backend.lockInfo();
    return { ok: true, describe, ...(snapshot ? { serial: snapshot.serial } : {}), ...(lock ? { lock } : {}) };
  } catch (e) {
    if (!isScanformError(e)) throw e;
    return { ok: false, describe, error: e.toDiagnostic() };
  }
}

/** As the HTTP client takes it (src/http/proxy.ts): an http or https URL. */
function isUsableProxy(value: string): boolean {
  try {
    const protocol = parseProxy(value).protocol;
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** A proxy URL may carry a login; only its scheme, host and port are shown. */
function withoutUserInfo(value: string): string {
  try {
    // Read as the HTTP client reads it: `user:token@proxy:3128` has no scheme, not the scheme `user`.
    const u = parseProxy(value);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(not a URL)";
  }
}
