/**
 * What every resource builder shares: its address and location, the shared options, located
 * findings, list normalisation, wait policies and references to other resources (checked once
 * all files are read, since a reference may point into another file).
 */
import { type Address, formatAddress } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { JsonObject } from "../core/json.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import type { DesiredResource, LaunchPolicy, ResourceMode, ResourceOptions, WaitPolicy } from "./model.js";
import type { RawOptions, RawScopedValue, RawScopeException, RawWait } from "./raw.js";
import { buildException, type ScopedValue, type ScopeKind } from "./scope.js";
import type { NormalisedTarget } from "./targets.js";
import type { DocPath, ManifestSource, Place } from "./source.js";
import type { Suggester } from "./suggest.js";
import { durationMs, ianaZone, MAX_DURATION_MS, MAX_DURATION_TEXT, zoneNames } from "./values.js";
import { ownEntry } from "../core/own.js";
import { quote } from "./quote.js";

/** A use of one resource by another, e.g. a schedule's `webApps[1]`, at the place it is written. */
export interface Reference {
  readonly from: Address;
  readonly to: Address;
  /** The key as written, for messages. */
  readonly key: string;
  readonly at: Place;
}

export interface BuildContext {
  readonly source: ManifestSource;
  readonly diagnostics: Diagnostic[];
  readonly references: Reference[];
  /** Every seed, target and URL host written, for the scope guard once all files are read. */
  readonly scoped: ScopedValue[];
  readonly suggest: Suggester;
}

/** Controls but tab, lone surrogates, U+FFFE/F, and the bidirectional controls. */
const UNCARRIED_IN_NAME = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export class ResourceInput<R extends RawOptions> {
  readonly address: Address;

  constructor(
    readonly ctx: BuildContext,
    readonly vendor: string,
    readonly kind: string,
    readonly key: string,
    readonly raw: R,
    /** Where the resource sits in its document, e.g. `["qualys", "webApps", "shop"]`. */
    readonly path: DocPath,
  ) {
    this.address = formatAddress({ vendor, kind, name: key });
  }

  /** The vendor-side name: `name`, or the key. */
  get name(): string {
    return this.raw.name ?? this.key;
  }

  /**
   * A written name is how scanform finds its object again (adopt, read-back after a lost answer,
   * duplicates). Refused: what a vendor cannot carry as written (control characters: XML turns a
   * carriage return into a line feed, and a name then never matches; a lone surrogate; U+FFFE/F),
   * what shows a name as another in a plan (bidirectional controls), and a name of spaces only.
   * Spaces at either end are allowed with a warning: a vendor that trims them finds no such name.
   */
  checkName(): void {
    const name = this.raw.name;
    if (name === undefined) return;
    const bad = UNCARRIED_IN_NAME.exec(name)?.[0];
    const hint = "Write the name without it; scanform finds the object again by this exact name.";
    if (bad !== undefined) {
      const what = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(bad) ? "a bidirectional control, which shows the name as another" : "a character the vendor cannot hold as written";
      this.report("MANIFEST_BAD_NAME", `the name holds ${what} (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`, ["name"], { hint });
    } else if (name.trim() === "") {
      this.report("MANIFEST_BAD_NAME", "the name is only spaces", ["name"], { hint: "Give the object a name, or leave `name` out to use the key." });
    } else if (name !== name.trim()) {
      this.report("MANIFEST_BAD_NAME", `${quote(name)} starts or ends with a space: a vendor that trims names would hold another name, and the object would not be found again`, ["name"], {
        severity: "warning",
        hint: "Write the name without the spaces at its ends.",
      });
    }
  }

  report(code: ManifestCode, message: string, field: DocPath, options: { atKey?: boolean; hint?: string; severity?: "warning" } = {}): void {
    this.ctx.diagnostics.push(this.ctx.source.diagnostic(code, message, [...this.path, ...field], options));
  }

  /**
   * Normalises each entry of a list field, reporting the bad ones at their own position and
   * repeated ones (after normalisation) as warnings. Result: sorted, unique.
   */
  normaliseList<T extends { ok: true; value: string; changed?: string }>(
    field: string,
    values: readonly string[],
    normalise: (value: string) => T | { ok: false; message: string },
    code: ManifestCode,
    each?: (result: T, index: number) => void,
    at: (index: number) => DocPath = (i) => [field, i],
  ): string[] {
    const seen = new Map<string, number>();
    values.forEach((value, i) => {
      const result = normalise(value);
      if (!result.ok) return this.report(code, result.message, [field, i]);
      if (result.changed !== undefined) this.report("MANIFEST_NORMALISED", `${quote(value)}: ${result.changed}`, at(i), { severity: "warning" });
      each?.(result, i);
      const first = seen.get(result.value);
      if (first !== undefined) {
        this.report("MANIFEST_DUPLICATE_VALUE", `${quote(value)} repeats item ${first + 1} of "${field}" (${quote(result.value)})`, [field, i], { severity: "warning" });
      } else {
        seen.set(result.value, i);
      }
    });
    return [...seen.keys()].sort();
  }

  /**
   * `normaliseList` for seeds and targets, each held to `scope` by the scope guard; an item may be
   * written as `{value, outOfScope: {reason, expires}}` to carry a deliberate exception.
   */
  scopedList(field: string, items: readonly RawScopedValue[], normalise: (value: string) => NormalisedTarget, code: ManifestCode, scope: ScopeKind): string[] {
    const written = items.map((item) => (typeof item === "string" ? item : item.value));
    return this.normaliseList<Extract<NormalisedTarget, { ok: true }>>(field, written, normalise, code, (result, i) => {
      const item = items[i]!;
      if (typeof item === "string") this.scope(field, item, result, scope, [field, i]);
      else this.scope(field, item.value, result, scope, [field, i, "value"], { raw: item.outOfScope, at: [field, i, "outOfScope"] });
    }, (i) => (typeof items[i] === "string" ? [field, i] : [field, i, "value"]));
  }

  /** Records one value for the scope guard. */
  scope(field: string, written: string, target: Extract<NormalisedTarget, { ok: true }>, scope: ScopeKind, at: DocPath, exception?: { raw: RawScopeException; at: DocPath }): void {
    this.ctx.scoped.push({
      address: this.address,
      field,
      written,
      value: target.value,
      type: target.type,
      scope,
      at: this.ctx.source.place(this.path, at),
      ...(exception === undefined ? {} : { exception: buildException(exception.raw, this.ctx.source, [...this.path, ...exception.at]) }),
    });
  }

  /** A reference to `<vendor>.<kind>.<key>`, recorded for the cross-file check. */
  refer(kind: string, key: string, field: DocPath): Address {
    const to = formatAddress({ vendor: this.vendor, kind, name: key });
    this.ctx.references.push({ from: this.address, to, key, at: this.ctx.source.place(this.path, field) });
    return to;
  }

  timezone(field: DocPath, written: string | undefined): string {
    if (written === undefined) return "UTC";
    const zone = ianaZone(written);
    if (zone === undefined) {
      const near = this.ctx.suggest.closest(written, zoneNames());
      const hint = MANIFEST_CODES.MANIFEST_BAD_TIMEZONE;
      this.report("MANIFEST_BAD_TIMEZONE", `${quote(written)} is not an IANA time zone`, field, {
        hint: near === undefined ? hint : `Did you mean ${JSON.stringify(near)}? ${hint}`,
      });
      return written;
    }
    return zone;
  }

  wait(raw: RawWait | undefined): WaitPolicy | undefined {
    if (raw === undefined) return undefined;
    const timeoutMs = durationMs(raw.timeout) ?? 0;
    if (timeoutMs === 0) this.report("MANIFEST_BAD_DURATION", `the wait timeout must be longer than 0`, ["wait", "timeout"]);
    else if (timeoutMs > MAX_DURATION_MS) this.report("MANIFEST_BAD_DURATION", `the wait timeout ${quote(raw.timeout)} is longer than scanform can wait: at most ${MAX_DURATION_TEXT} (about 24 days)`, ["wait", "timeout"]);
    if (raw.failOn === undefined) return { timeoutMs };
    const { severity, count, limits, qids } = raw.failOn;
    if (severity === undefined && limits === undefined && qids === undefined) {
      this.report("MANIFEST_MISSING_KEY", `failOn names no gate: give it "severity", "limits" or "qids"`, ["wait", "failOn"], { atKey: true });
    }
    const rules = qids?.map((q) => {
      const [from, to = from] = String(q).split("-").map(Number) as [number, number?];
      return { from, to };
    });
    rules?.forEach((r, i) => {
      if (r.from > r.to) this.report("MANIFEST_BAD_FORMAT", `the QID range ${r.from}-${r.to} ends before it starts; swap its ends`, ["wait", "failOn", "qids", i]);
    });
    const failOn = {
      count: count ?? 1,
      ...(severity === undefined ? {} : { severity }),
      ...(limits === undefined ? {} : { limits: { ...limits } }),
      ...(rules === undefined ? {} : { rules }),
    };
    return { timeoutMs, failOn };
  }

  options(renames: Readonly<Record<string, string>> = {}): ResourceOptions {
    const ignore = [...new Set((this.raw.ignore ?? []).map((f) => ownEntry(renames, f) ?? f))].sort();
    const adopt = this.raw.adopt ?? false;
    if (typeof adopt === "object") return { protect: this.raw.protect ?? false, adopt: true, adoptId: adopt.id, ignore };
    return { protect: this.raw.protect ?? false, adopt, ignore };
  }

  resource<S extends JsonObject>(parts: {
    mode?: ResourceMode;
    spec: S;
    dependsOn?: readonly Address[];
    options?: ResourceOptions;
    launch?: LaunchPolicy;
    wait?: WaitPolicy | undefined;
  }): DesiredResource<S> {
    return {
      address: this.address,
      vendor: this.vendor,
      kind: this.kind,
      name: this.key,
      mode: parts.mode ?? "managed",
      spec: parts.spec,
      dependsOn: [...new Set(parts.dependsOn ?? [])].sort(),
      options: parts.options ?? this.options(),
      ...(parts.launch === undefined ? {} : { launch: parts.launch }),
      ...(parts.wait === undefined ? {} : { wait: parts.wait }),
      source: this.ctx.source.locate(this.path, true),
    };
  }
}
