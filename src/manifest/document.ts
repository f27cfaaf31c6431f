/**
 * One parsed document → its part of the configuration: placement of templates, the schema, then
 * each resource built and checked. A resource whose data broke the schema is not built, so its
 * schema findings are not followed by confusing semantic ones; every other resource still is.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import { buildCortexScan } from "./build-cortex.js";
import { buildHexiosecScan } from "./build-hexiosec.js";
import { buildQualysProfile, buildQualysSchedule, buildQualysScan, buildQualysWebApp } from "./build-qualys.js";
import type { DesiredResource, StateSettings, VendorSettings } from "./model.js";
import type { ParsedDocument } from "./parse.js";
import type { RawDocument, RawOptions } from "./raw.js";
import { ResourceInput, type BuildContext, type Reference } from "./resource.js";
import { checkSchema } from "./schema.js";
import { buildAcceptances, type WrittenAcceptance } from "./build-accept.js";
import type { Suggester } from "./suggest.js";
import { buildScope, type Scope, type ScopedValue } from "./scope.js";
import { buildState, buildVendors, type Located } from "./settings.js";
import { appendAll } from "../core/arrays.js";

interface KindEntry {
  readonly vendor: string;
  /** The manifest's plural group, e.g. `webApps`. */
  readonly group: string;
  /** The address kind, e.g. `webApp`. */
  readonly kind: string;
  readonly build: (ctx: BuildContext, key: string, raw: unknown) => DesiredResource;
}

function kind<R extends RawOptions>(vendor: string, group: string, kindName: string, build: (input: ResourceInput<R>) => DesiredResource): KindEntry {
  return {
    vendor,
    group,
    kind: kindName,
    // The schema has checked `raw` against this kind's definition before it gets here.
    build: (ctx, key, raw) => {
      const input = new ResourceInput(ctx, vendor, kindName, key, raw as R, [vendor, group, key]);
      input.checkName();
      return build(input);
    },
  };
}

/** Every resource kind of the language. Adding a vendor adds its rows here and its schema. */
const KINDS: readonly KindEntry[] = [
  kind("hexiosec", "scans", "scan", buildHexiosecScan),
  kind("cortex", "scans", "scan", buildCortexScan),
  kind("qualys", "profiles", "profile", buildQualysProfile),
  kind("qualys", "webApps", "webApp", buildQualysWebApp),
  kind("qualys", "schedules", "schedule", buildQualysSchedule),
  kind("qualys", "scans", "scan", buildQualysScan),
];

export interface MovedEntry {
  readonly from: string;
  readonly to: string;
  readonly source: SourceLocation;
  readonly toSource: SourceLocation;
}

export interface DocumentPart {
  readonly vendors: ReadonlyMap<string, Located<VendorSettings>>;
  readonly state?: StateSettings;
  readonly scope?: Scope;
  readonly moved: readonly MovedEntry[];
  readonly resources: readonly DesiredResource[];
  readonly references: readonly Reference[];
  readonly scoped: readonly ScopedValue[];
  readonly acceptances: readonly WrittenAcceptance[];
  readonly diagnostics: readonly Diagnostic[];
}

const locationKey = (s: SourceLocation | undefined): string => (s ? `${s.line}:${s.column}` : "");


export function buildDocument(parsed: ParsedDocument, suggest: Suggester): DocumentPart {
  const { source } = parsed;
  const diagnostics: Diagnostic[] = [];
  const schema = checkSchema(parsed.value, source, suggest);
  appendAll(diagnostics, schema.diagnostics);
  const empty: DocumentPart = { vendors: new Map(), moved: [], resources: [], references: [], scoped: [], acceptances: [], diagnostics };
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return empty;
  const doc = parsed.value as RawDocument;

  const vendors = doc.vendors && schema.buildable(["vendors"]) ? buildVendors(doc.vendors, source, diagnostics, schema.buildable) : new Map<string, Located<VendorSettings>>();
  const state = doc.state && schema.buildable(["state"]) ? buildState(doc.state, source, diagnostics) : undefined;
  const scope = doc.scope && schema.buildable(["scope"]) ? buildScope(doc.scope, source, diagnostics) : undefined;
  const moved: MovedEntry[] = [];
  (doc.moved ?? []).forEach((entry, i) => {
    if (!schema.buildable(["moved", i])) return;
    moved.push({ from: entry.from, to: entry.to, source: source.locate(["moved", i, "from"]), toSource: source.locate(["moved", i, "to"]) });
  });

  const ctx: BuildContext = { source, diagnostics, references: [], scoped: [], suggest };
  // A value the schema refused is not reported again by the checks after it.
  const firstSemantic = diagnostics.length;
  const refused = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => locationKey(d.source)));
  const acceptances = doc.qualys?.accept && schema.buildable(["qualys", "accept"]) ? buildAcceptances(doc.qualys.accept, source, ctx.references) : [];
  const resources: DesiredResource[] = [];
  for (const entry of KINDS) {
    const group = (doc as Record<string, Record<string, Record<string, unknown> | undefined> | undefined>)[entry.vendor]?.[entry.group];
    if (group === undefined || group === null || typeof group !== "object") continue;
    for (const [key, raw] of Object.entries(group)) {
      if (!schema.buildable([entry.vendor, entry.group, key])) continue;
      resources.push(entry.build(ctx, key, raw));
    }
  }
  // Most documents have no refused value: then nothing is filtered (a key built per reference and value added up).
  const kept = <T>(list: T[], isRefused: (item: T, i: number) => boolean): T[] => (refused.size === 0 ? list : list.filter((item, i) => !isRefused(item, i)));
  return {
    vendors,
    ...(state === undefined ? {} : { state }),
    ...(scope === undefined ? {} : { scope }),
    moved,
    resources,
    references: kept(ctx.references, (r) => refused.has(locationKey(r.at.locate()))),
    scoped: kept(ctx.scoped, (v) => refused.has(locationKey(v.at.locate()))),
    acceptances,
    diagnostics: kept(diagnostics, (d, i) => i >= firstSemantic && d.severity === "error" && refused.has(locationKey(d.source))),
  };
}
