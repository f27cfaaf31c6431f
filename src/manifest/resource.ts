/**
 * What every resource builder shares: its address and location, the shared options, located
 * findings, list normalisation, wait policies and references to other resources (checked once
 * all files are read, since a reference may point into another file).
 */
import { type Address, formatAddress } from "../core/address.js";
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import type { JsonObject } from "../core/json.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import type { DesiredResource, LaunchPolicy, ResourceMode, ResourceOptions, WaitPolicy } from "./model.js";
import type { RawOptions, RawWait } from "./raw.js";
import type { DocPath, ManifestSource } from "./source.js";
import type { Suggester } from "./suggest.js";
import { durationMs, ianaZone, zoneNames } from "./values.js";
import { ownEntry } from "../core/own.js";
import { quote } from "./quote.js";

/** A use of one resource by another, e.g. a schedule's `webApps[1]`. */
export interface Reference {
  readonly from: Address;
  readonly to: Address;
  /** The key as written, for messages. */
  readonly key: string;
  readonly location: SourceLocation;
}

export interface BuildContext {
  readonly source: ManifestSource;
  readonly diagnostics: Diagnostic[];
  readonly references: Reference[];
  readonly suggest: Suggester;
}

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

  report(code: ManifestCode, message: string, field: DocPath, options: { atKey?: boolean; hint?: string; severity?: "warning" } = {}): void {
    this.ctx.diagnostics.push(this.ctx.source.diagnostic(code, message, [...this.path, ...field], options));
  }

  /**
   * Normalises each entry of a list field, reporting the bad ones at their own position and
   * repeated ones (after normalisation) as warnings. Result: sorted, unique.
   */
  normaliseList(
    field: string,
    values: readonly string[],
    normalise: (value: string) => { ok: true; value: string } | { ok: false; message: string },
    code: ManifestCode,
  ): string[] {
    const seen = new Map<string, number>();
    values.forEach((value, i) => {
      const result = normalise(value);
      if (!result.ok) return this.report(code, result.message, [field, i]);
      const first = seen.get(result.value);
      if (first !== undefined) {
        this.report("MANIFEST_DUPLICATE_VALUE", `${quote(value)} repeats item ${first + 1} of "${field}" (${quote(result.value)})`, [field, i], { severity: "warning" });
      } else {
        seen.set(result.value, i);
      }
    });
    return [...seen.keys()].sort();
  }

  /** A reference to `<vendor>.<kind>.<key>`, recorded for the cross-file check. */
  refer(kind: string, key: string, field: DocPath): Address {
    const to = formatAddress({ vendor: this.vendor, kind, name: key });
    this.ctx.references.push({ from: this.address, to, key, location: this.ctx.source.locate([...this.path, ...field]) });
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
    return raw.failOn === undefined ? { timeoutMs } : { timeoutMs, failOn: { severity: raw.failOn.severity, count: raw.failOn.count ?? 1 } };
  }

  options(renames: Readonly<Record<string, string>> = {}): ResourceOptions {
    const ignore = [...new Set((this.raw.ignore ?? []).map((f) => ownEntry(renames, f) ?? f))].sort();
    return { protect: this.raw.protect ?? false, adopt: this.raw.adopt ?? false, ignore };
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
