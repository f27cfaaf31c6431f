/**
 * The API's paths and verbs (sheet, "scanform's decisions", under the base path `/api`), mapped to
 * the operation names the request log counts.
 */
import { ownEntry } from "../../core/own.js";

export const BASE_PATH = "/api";

export type Operation =
  | "verifyKey"
  | "listScanGroups"
  | "listScans"
  | "createScan"
  | "getScan"
  | "updateScan"
  | "deleteScan"
  | "listSeeds"
  | "addSeed"
  | "removeSeed";

export type Route =
  | { readonly kind: "matched"; readonly operation: Operation; readonly scanId?: string; readonly seedId?: string }
  /** The path exists but not with this verb. */
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "none" };

interface Pattern {
  readonly path: RegExp;
  readonly verbs: Readonly<Partial<Record<string, Operation>>>;
}

const SEG = "([^/]+)";
const PATTERNS: readonly Pattern[] = [
  // No `/v1` here: the key check sits beside the versioned API (sheet §2).
  { path: /^\/auth$/, verbs: { GET: "verifyKey" } },
  { path: /^\/v1\/scan_groups$/, verbs: { GET: "listScanGroups" } },
  { path: /^\/v1\/scans$/, verbs: { GET: "listScans", POST: "createScan" } },
  { path: new RegExp(`^/v1/scans/${SEG}$`), verbs: { GET: "getScan", PATCH: "updateScan", DELETE: "deleteScan" } },
  { path: new RegExp(`^/v1/scans/${SEG}/seeds$`), verbs: { GET: "listSeeds", POST: "addSeed" } },
  { path: new RegExp(`^/v1/scans/${SEG}/seeds/${SEG}$`), verbs: { DELETE: "removeSeed" } },
];

export function route(method: string, fullPath: string): Route {
  if (!fullPath.startsWith(BASE_PATH + "/")) return { kind: "none" };
  const path = fullPath.slice(BASE_PATH.length).replace(/\/$/, "");
  for (const p of PATTERNS) {
    const m = p.path.exec(path);
    if (!m) continue;
    const operation = ownEntry(p.verbs, method.toUpperCase());
    if (operation === undefined) return { kind: "method-not-allowed", allowed: Object.keys(p.verbs) };
    const [scanId, seedId] = m.slice(1).map(safeDecode);
    return { kind: "matched", operation, ...(scanId === undefined ? {} : { scanId }), ...(seedId === undefined ? {} : { seedId }) };
  }
  return { kind: "none" };
}

/** A malformed escape cannot name any id, so it is kept as sent and simply not found. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
