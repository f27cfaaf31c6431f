/**
 * The scope guard. `scope:` declares what the organisation owns and, apart, the third parties it
 * may monitor; every seed, target and web app URL must fall inside the scope that applies to it,
 * or carry an `outOfScope` exception with a reason and an expiry date. A typo in a CIDR must fail
 * validation, not point a scanner at a stranger.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import { formatLocation } from "../core/errors.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import type { RawScope, RawScopeException } from "./raw.js";
import { checkInScope, parseScopeEntry, type ScopeMatcher } from "./scope-match.js";
import type { ManifestSource, Place } from "./source.js";
import type { TargetType } from "./targets.js";
import { quote } from "./quote.js";

/** `owned` covers everything scanned as the organisation's own; `thirdParties` Hexiosec continuous_vendor seeds. */
export type ScopeKind = "owned" | "thirdParties";

export interface ScopeEntry {
  readonly written: string;
  readonly matcher: ScopeMatcher;
  readonly source: SourceLocation;
}

export interface Scope {
  readonly owned: readonly ScopeEntry[];
  readonly thirdParties: readonly ScopeEntry[];
  readonly source: SourceLocation;
}

export interface ScopeException {
  readonly reason: string;
  /** YYYY-MM-DD; the exception holds through that day (UTC). */
  readonly expires: string;
  readonly source: SourceLocation;
}

/** A value a resource would scan, at the place it is written, with the scope that applies to it. */
export interface ScopedValue {
  readonly address: Address;
  readonly field: string;
  /** As written, for messages. */
  readonly written: string;
  /** Normalised (targets.ts). */
  readonly value: string;
  readonly type: TargetType;
  readonly scope: ScopeKind;
  readonly at: Place;
  readonly exception?: ScopeException;
}

const finding = (code: ManifestCode, message: string, source: SourceLocation): Diagnostic => ({ code, severity: "error", message, hint: MANIFEST_CODES[code], source });

export function buildScope(raw: RawScope, source: ManifestSource, diagnostics: Diagnostic[]): Scope {
  const entries = (kind: ScopeKind): ScopeEntry[] =>
    (raw[kind] ?? []).flatMap((written, i) => {
      const parsed = parseScopeEntry(written);
      const where = source.locate(["scope", kind, i]);
      if (!parsed.ok) {
        diagnostics.push(finding("MANIFEST_BAD_SCOPE_ENTRY", parsed.message, where));
        return [];
      }
      // A scope entry widened by normalising widens what every scan may touch: say so at the entry.
      if (parsed.changed !== undefined) diagnostics.push({ code: "MANIFEST_NORMALISED", severity: "warning", message: `${JSON.stringify(written)}: ${parsed.changed}`, hint: MANIFEST_CODES.MANIFEST_NORMALISED, source: where });
      return [{ written, matcher: parsed.matcher, source: where }];
    });
  return { owned: entries("owned"), thirdParties: entries("thirdParties"), source: source.locate(["scope"], true) };
}

export function buildException(raw: RawScopeException, source: ManifestSource, path: readonly (string | number)[]): ScopeException {
  return { reason: raw.reason, expires: raw.expires, source: source.locate(path) };
}

const SCOPE_WORDS: Readonly<Record<ScopeKind, string>> = { owned: "scope.owned", thirdParties: "scope.thirdParties" };


/**
 * Every value outside its scope without a live exception is an error at the value; an expired
 * exception is an error at the exception. `today` is YYYY-MM-DD (UTC), injected by the caller.
 */
export function checkScope(scope: Scope | undefined, values: readonly ScopedValue[], today: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (scope === undefined) return out;
  for (const v of values) {
    if (v.exception !== undefined && v.exception.expires < today) {
      out.push(
        finding(
          "MANIFEST_SCOPE_EXCEPTION_EXPIRED",
          `the out-of-scope exception for ${quote(v.written)} in ${v.address} expired on ${v.exception.expires} (reason given: ${quote(v.exception.reason)})`,
          v.exception.source,
        ),
      );
      continue;
    }
    const entries = scope[v.scope];
    const verdict = checkInScope(v.value, v.type, entries.map((e) => e.matcher));
    if (verdict.inside || v.exception !== undefined) continue;
    const part = verdict.outsidePart === undefined ? "is" : `has ${verdict.outsidePart}`;
    const nearest = verdict.nearest === undefined ? undefined : entries[verdict.nearest];
    const near = nearest === undefined ? `${SCOPE_WORDS[v.scope]} has no entry of this kind` : `nearest entry: ${quote(nearest.written)} at ${formatLocation(nearest.source)}`;
    out.push(
      finding(
        "MANIFEST_OUT_OF_SCOPE",
        `${quote(v.written)} (${v.address} ${v.field}) ${part} outside ${SCOPE_WORDS[v.scope]}; ${near}`,
        v.at.locate(),
      ),
    );
  }
  return out;
}
