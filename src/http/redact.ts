/**
 * Masking of credentials before any text leaves the HTTP layer: errors, the debug trace and log
 * lines. Secrets are masked by value (also URL- and base64-encoded, as they travel in queries and
 * Basic auth) and auth headers by name, whatever their value.
 */

export const MASK = "***";

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret, "utf8").toString("base64"));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(MASK);
    return out;
  };
}

// By name pattern, not a list of vendors' headers: the HTTP layer knows no vendor. The pattern
// covers e.g. `x-…-api-key`, `x-…-auth-id` and `x-…-nonce`; values from a driver's authenticate()
// are masked by value as well (authHeaderValues).
const AUTH_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);
const AUTH_NAME = /(auth|token|secret|password|passwd|api-?key|nonce|session|cookie)/i;

/** Whether a header carries credentials or their ingredients, judged by its name alone. */
export const isAuthHeader = (name: string): boolean => AUTH_HEADERS.has(name.toLowerCase()) || AUTH_NAME.test(name);

/**
 * Values of auth headers worth masking by value too (a Cortex advanced hash, a Basic token), so
 * they cannot surface in any text about the request. Short values (a key id) are left alone:
 * masking "17" everywhere would garble numbers without protecting anything.
 */
export function authHeaderValues(headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isAuthHeader(name)) continue;
    for (const part of [value, value.replace(/^\S+\s+/, "")]) if (part.length >= 8) out.push(part);
  }
  return out;
}
