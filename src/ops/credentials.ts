/**
 * The credential check `doctor` reports and `plan` and `apply` make first: one cheap authenticated
 * call per vendor (the vendor sheets' key checks), all at once, so a wrong secret fails the pull
 * request's plan rather than the merge's apply. Cortex is checked too, though nothing else reads it.
 */
import { isScanformError, type Diagnostic } from "../core/errors.js";
import type { CredentialCheck } from "../vendors/driver.js";
import type { Workspace } from "./workspace.js";

export type VendorCheck =
  | { readonly vendor: string; readonly ok: true; readonly check: CredentialCheck }
  | { readonly vendor: string; readonly ok: false; readonly error: Diagnostic }
  /** Its driver has no key check; its first real call is the check. */
  | { readonly vendor: string; readonly ok: true; readonly check?: undefined };

/** The vendors the manifests or the state name: those plan reads and apply may call. */
export async function vendorsInUse(ws: Workspace): Promise<readonly string[]> {
  const state = await ws.backend.read();
  return [...new Set([...ws.desired.resources.map((r) => r.vendor), ...Object.values(state?.resources ?? {}).map((e) => e.vendor)])].sort();
}

export function checkCredentials(ws: Workspace, vendors: readonly string[], signal?: AbortSignal): Promise<readonly VendorCheck[]> {
  return Promise.all(vendors.map((vendor) => checkOne(ws, vendor, signal)));
}

async function checkOne(ws: Workspace, vendor: string, signal?: AbortSignal): Promise<VendorCheck> {
  try {
    const session = ws.connect(vendor).session;
    if (session.checkCredentials === undefined) return { vendor, ok: true };
    const check = await session.checkCredentials(signal);
    const off = check.clockSkewMs === undefined || check.maxClockSkewMs === undefined ? 0 : Math.abs(check.clockSkewMs) / check.maxClockSkewMs;
    if (off > 1) return { vendor, ok: false, error: skewError(vendor, check) };
    if (check.refused !== undefined) throw check.refused;
    // Past half of what the vendor accepts, a drifting clock fails signed calls soon: said before it does.
    const warned = off > 0.5 ? { ...check, notes: [...check.notes, `synchronise this machine's clock (NTP): ${vendor} refuses signed calls past ${seconds(check.maxClockSkewMs ?? 0)}`] } : check;
    return { vendor, ok: true, check: warned };
  } catch (e) {
    if (!isScanformError(e)) throw e;
    return { vendor, ok: false, error: e.toDiagnostic() };
  }
}

/** The failures as plan diagnostics; empty when every vendor passed. */
export const credentialFailures = (checks: readonly VendorCheck[]): readonly Diagnostic[] => checks.flatMap((c) => (c.ok ? [] : [c.error]));

const skewError = (vendor: string, check: CredentialCheck): Diagnostic => ({
  code: "VENDOR_CLOCK_SKEW",
  severity: "error",
  message: `${vendor}: this machine's clock is ${seconds(Math.abs(check.clockSkewMs ?? 0))} ${(check.clockSkewMs ?? 0) > 0 ? "behind" : "ahead of"} ${vendor}'s, more than the ${seconds(check.maxClockSkewMs ?? 0)} its signed requests may be off by.`,
  hint: "Synchronise this machine's clock (NTP); the API key signs every request with the time.",
});

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
