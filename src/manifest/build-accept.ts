/**
 * `qualys.accept`: accepted risks as code. Each entry names a finding (QID on a web app, and
 * optionally one URL), why it is accepted and the last day it holds; the web app is a reference,
 * checked with the others once all files are read, and its vendor-side name is filled in then.
 */
import { formatAddress } from "../core/address.js";
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import { formatLocation } from "../core/errors.js";
import { MANIFEST_CODES } from "./codes.js";
import type { Acceptance, DesiredResource } from "./model.js";
import type { RawAcceptance } from "./raw.js";
import type { Reference } from "./resource.js";
import type { ManifestSource } from "./source.js";

/** How long before its expiry `validate` warns of an acceptance. */
export const ACCEPTANCE_WARNING_DAYS = 14;

/** An acceptance as written, before its web app's vendor-side name is known. */
export type WrittenAcceptance = Omit<Acceptance, "target">;

export function buildAcceptances(raw: readonly RawAcceptance[], source: ManifestSource, references: Reference[]): WrittenAcceptance[] {
  return raw.map((entry, i) => {
    const path = ["qualys", "accept", i];
    const resource = formatAddress({ vendor: "qualys", kind: "webApp", name: entry.webApp });
    references.push({ from: `qualys.accept[${i}]`, to: resource, key: entry.webApp, at: source.place(path, ["webApp"]) });
    return {
      vendor: "qualys",
      rule: String(entry.qid),
      resource,
      ...(entry.url === undefined ? {} : { url: entry.url }),
      reason: entry.reason,
      expires: entry.expires,
      source: source.locate(path),
    };
  });
}

const DAY_MS = 86_400_000;

/** Fills in each web app's vendor-side name, and warns of acceptances expired or expiring within two weeks of `today`. */
export function resolveAcceptances(written: readonly WrittenAcceptance[], resources: ReadonlyMap<string, DesiredResource>, today: string): { acceptances: Acceptance[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const acceptances: Acceptance[] = [];
  for (const a of written) {
    const resource = resources.get(a.resource);
    if (resource === undefined) continue; // reported as an unknown reference
    acceptances.push({ ...a, target: String(resource.spec.name) });
    const daysLeft = Math.round((Date.parse(a.expires) - Date.parse(today)) / DAY_MS);
    const what = `the acceptance of QID ${a.rule} on ${a.resource}${a.url === undefined ? "" : ` at ${a.url}`}`;
    if (daysLeft < 0) warn(diagnostics, "MANIFEST_ACCEPTANCE_EXPIRED", `${what} expired on ${a.expires}: its findings count towards the gates again`, a.source);
    else if (daysLeft <= ACCEPTANCE_WARNING_DAYS) warn(diagnostics, "MANIFEST_ACCEPTANCE_EXPIRING", `${what} expires on ${a.expires}, in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`, a.source);
  }
  return { acceptances, diagnostics };
}

const warn = (out: Diagnostic[], code: "MANIFEST_ACCEPTANCE_EXPIRED" | "MANIFEST_ACCEPTANCE_EXPIRING", message: string, source: SourceLocation): void => {
  out.push({ code, severity: "warning", message, hint: MANIFEST_CODES[code], source });
};

export const describeAcceptance = (a: Acceptance): string => `QID ${a.rule} on ${a.resource}${a.url === undefined ? "" : ` at ${a.url}`} (${formatLocation(a.source)})`;
