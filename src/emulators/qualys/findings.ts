/**
 * The findings a scan's results download lists (vendors/qualys.md §10 "Results"): one
 * `WasScanVuln` per finding, with `qid`, `title`, `uri` and `severity`, drawn from a small fixed
 * catalogue by level so a seed always yields the same QIDs. The catalogue's QIDs and titles are
 * illustrative, not Qualys' knowledge base.
 */
import { bare, el, elOf, text, type Out } from "./xml-out.js";

interface CatalogueEntry {
  readonly qid: number;
  readonly title: string;
  readonly path: string;
}

/** Index 0 is severity 1. */
const CATALOGUE: readonly (readonly CatalogueEntry[])[] = [
  [
    { qid: 150004, title: "Path-Based Vulnerability", path: "/static/" },
    { qid: 150085, title: "Slow HTTP headers vulnerability", path: "/" },
  ],
  [
    { qid: 150081, title: "Possible Clickjacking vulnerability", path: "/account" },
    { qid: 150122, title: "Cookie Does Not Contain The \"secure\" Attribute", path: "/login" },
  ],
  [
    { qid: 150079, title: "Slow HTTP POST vulnerability", path: "/checkout" },
    { qid: 150202, title: "Missing header: X-Content-Type-Options", path: "/" },
  ],
  [
    { qid: 150012, title: "Blind SQL Injection", path: "/search" },
    { qid: 150046, title: "Reflected Cross-Site Scripting (XSS) in HTTP Header", path: "/cart" },
  ],
  [
    { qid: 150003, title: "SQL Injection", path: "/search" },
    { qid: 150001, title: "Reflected Cross-Site Scripting (XSS) Vulnerabilities", path: "/login" },
  ],
];

export interface EmulatedFinding {
  readonly qid: number;
  readonly title: string;
  readonly uri: string;
  readonly severity: number;
}

/** `counts[level - 1]` findings of each level, most severe first, on `appUrl`. */
export function findingsOf(counts: readonly number[], appUrl: string): EmulatedFinding[] {
  const base = appUrl.replace(/\/+$/, "");
  const out: EmulatedFinding[] = [];
  for (let level = 5; level >= 1; level--) {
    const entries = CATALOGUE[level - 1]!;
    for (let i = 0; i < (counts[level - 1] ?? 0); i++) {
      const entry = entries[i % entries.length]!;
      // A QID found again on one app is another finding at another URL.
      const suffix = i < entries.length ? "" : `?p=${Math.floor(i / entries.length)}`;
      out.push({ qid: entry.qid, title: entry.title, uri: `${base}${entry.path}${suffix}`, severity: level });
    }
  }
  return out;
}

export const renderFindings = (findings: readonly EmulatedFinding[]): Out =>
  el(
    "vulns",
    bare("count", findings.length),
    findings.length === 0
      ? undefined
      : elOf("list", findings.map((f) => el("WasScanVuln", bare("qid", f.qid), text("title", f.title), text("uri", f.uri), bare("severity", f.severity)))),
  );
