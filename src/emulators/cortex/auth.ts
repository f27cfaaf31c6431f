/**
 * API-key checks of vendors/cortex.md §3, done exactly: `x-xdr-auth-id` names the key; a standard
 * key sends itself as `Authorization`; an advanced key sends sha256(key + nonce + timestamp) as
 * lowercase hex with `x-xdr-nonce` and `x-xdr-timestamp`. The skew window is undocumented (§6.7);
 * scanform's decision is 5 minutes, and a nonce is accepted once.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type KeyType = "standard" | "advanced";

export interface CortexApiKey {
  /** The numeric id shown in the console's API Keys table. */
  readonly id: string;
  readonly key: string;
  readonly type: KeyType;
  /** Whether the key's role carries `network_scanners_action` (§1); without it: 403. */
  readonly permitted: boolean;
}

export type AuthVerdict =
  | { readonly ok: true; readonly key: CortexApiKey }
  | { readonly ok: false; readonly status: 401 | 403; readonly message: string };

export const MAX_SKEW_MS = 5 * 60 * 1000;
/** §3: "a random 64 character string"; the official example draws from [A-Za-z0-9]. */
const NONCE = /^[A-Za-z0-9]{64}$/;
const TIMESTAMP = /^\d{1,16}$/;

export interface AuthChecker {
  check(headers: Readonly<Record<string, string>>): AuthVerdict;
  reset(): void;
}

export function createAuthChecker(keys: readonly CortexApiKey[], now: () => number, maxSkewMs = MAX_SKEW_MS): AuthChecker {
  // Nonces seen within the skew window, by key id; older ones would fail the timestamp check anyway.
  const seen = new Map<string, Map<string, number>>();
  const refuse = (message: string): AuthVerdict => ({ ok: false, status: 401, message });

  function checkAdvanced(key: CortexApiKey, authorization: string, headers: Readonly<Record<string, string>>): AuthVerdict {
    const nonce = headers["x-xdr-nonce"];
    const timestamp = headers["x-xdr-timestamp"];
    if (nonce === undefined || timestamp === undefined) return refuse("Public API request unauthorized: advanced keys need x-xdr-nonce and x-xdr-timestamp");
    if (!NONCE.test(nonce)) return refuse("Public API request unauthorized: x-xdr-nonce must be 64 letters and digits");
    if (!TIMESTAMP.test(timestamp)) return refuse("Public API request unauthorized: x-xdr-timestamp must be epoch milliseconds");
    const t = now();
    const ts = Number(timestamp);
    if (Math.abs(t - ts) > maxSkewMs) return refuse("Public API request unauthorized: timestamp outside the accepted window");
    const expected = createHash("sha256").update(key.key + nonce + timestamp).digest("hex");
    if (!sameText(authorization, expected)) return refuse("Public API request unauthorized");
    const nonces = seen.get(key.id) ?? new Map<string, number>();
    seen.set(key.id, nonces);
    for (const [n, at] of nonces) if (at < t - maxSkewMs) nonces.delete(n);
    if (nonces.has(nonce)) return refuse("Public API request unauthorized: nonce already used");
    nonces.set(nonce, ts);
    return { ok: true, key };
  }

  return {
    check(headers) {
      const id = headers["x-xdr-auth-id"];
      const authorization = headers["authorization"];
      if (id === undefined || authorization === undefined) return refuse("Public API request unauthorized: x-xdr-auth-id and Authorization are required");
      const key = keys.find((k) => k.id === id);
      if (key === undefined) return refuse("Public API request unauthorized");
      const verdict = key.type === "advanced" ? checkAdvanced(key, authorization, headers) : sameText(authorization, key.key) ? ({ ok: true, key } as const) : refuse("Public API request unauthorized");
      if (verdict.ok && !key.permitted) return { ok: false, status: 403, message: "User not Authorized" };
      return verdict;
    },
    reset() {
      seen.clear();
    },
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
