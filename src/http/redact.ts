/**
 * Masking of credentials before any text leaves the HTTP layer: errors, the debug trace and log
 * lines. Secrets are masked by value (also URL- and base64-encoded, as they travel in queries and
 * Basic auth), and so is every auth header value a request carried.
 */
import { quoteVendorText } from "./limits.js";

export const MASK = "***";

export type Redactor = (text: string) => string;

/**
 * Below this length a secret is masked only where it stands as a whole token: masking every "e" of
 * a one-letter key would garble all output (`h***xios***c`) and point at the key besides. Settings
 * refuse secrets this short (src/cli/open-workspace.ts); this guards values that reach the
 * redactor some other way, such as a Qualys user name.
 */
export const MIN_SECRET_LENGTH = 8;

export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    const bytes = Buffer.from(secret, "utf8");
    forms.add(bytes.toString("base64"));
    // A vendor or proxy echoing what it was sent may drop the padding, or use the URL alphabet.
    forms.add(bytes.toString("base64").replace(/=+$/, ""));
    forms.add(bytes.toString("base64url"));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const long = ordered.filter((f) => f.length >= MIN_SECRET_LENGTH);
  const short = ordered.filter((f) => f.length < MIN_SECRET_LENGTH);
  const tokens = short.length === 0 ? undefined : new RegExp(`(?<![A-Za-z0-9])(?:${short.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`, "g");
  return (text) => {
    let out = text;
    // Every answer body passes here; a search page is a megabyte, so only a body holding a secret is rebuilt.
    for (const form of long) if (out.includes(form)) out = out.split(form).join(MASK);
    return tokens === undefined ? out : out.replace(tokens, MASK);
  };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Values worth masking of the headers a driver's authenticate() returned: every one of them is
 * credential material (a Cortex advanced hash, its nonce and timestamp, a Basic token), whatever
 * its name. Short values (a key id) are left alone: masking "17" everywhere would garble numbers
 * without protecting anything.
 */
export function authHeaderValues(headers: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const value of Object.values(headers)) {
    for (const part of [value, value.replace(/^\S+\s+/, "")]) if (part.length >= MIN_SECRET_LENGTH) out.add(part);
  }
  return [...out];
}

/**
 * Vendor text quoted in an error or a message: masked first, then cut (quoteVendorText). Every driver
 * quotes through here, in this order, because a vendor's text reaches a message only after it is
 * decoded (XML entities, JSON `\u0026` escapes), while the HTTP layer masked the raw body, where a
 * secret the vendor echoed escaped did not match: it is whole again only now. Cut first, a secret
 * that runs across the cut would lose the tail the mask needs to match it, and its prefix would print.
 */
export function quoteMasked(redact: Redactor, text: string, max?: number): string {
  const masked = redact(text);
  // Escapes the driver's own format does not use (entities in JSON, \u in XML) can still hide an
  // echo: undone in a copy, and when the copy reveals a secret, the copy is what is quoted, masked.
  const decoded = undoEscapes(masked);
  const revealed = decoded === masked ? masked : redact(decoded);
  return quoteVendorText(revealed !== decoded ? revealed : masked, max);
}

const undoEscapes = (text: string): string =>
  text
    .replace(/&#x([0-9a-f]{1,6});/gi, (all, hex: string) => fromCode(Number.parseInt(hex, 16)) ?? all)
    .replace(/&#([0-9]{1,7});/g, (all, dec: string) => fromCode(Number(dec)) ?? all)
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

const fromCode = (code: number): string | undefined => (code <= 0x10ffff ? String.fromCodePoint(code) : undefined);
