/** Request routing for the six operations of vendors/cortex.md §1 and §3's key check (`{id}` kept as text until validated). */
import { NETSCAN, VALIDATE_KEY_PATH, type CortexOperation } from "./wire.js";
import { ownEntry } from "../../core/own.js";

export type Route =
  | { readonly kind: "operation"; readonly operation: CortexOperation; readonly pathId?: string }
  | { readonly kind: "wrong-method" }
  | { readonly kind: "unknown" };

const PATTERNS: readonly { readonly path: RegExp; readonly methods: Readonly<Record<string, CortexOperation>> }[] = [
  { path: /^\/scan\/definition$/, methods: { POST: "configureNewScan" } },
  { path: /^\/scan\/run$/, methods: { POST: "publicLaunchScanRun", GET: "publicScanDefinitionRunStatus" } },
  { path: /^\/scan\/run\/([^/]+)$/, methods: { POST: "publicLaunchScanRunById", GET: "publicGetScanDefinitionRunStatus" } },
  { path: /^\/scan\/run\/([^/]+)\/command$/, methods: { POST: "publicScanDefinitionRunAction" } },
];

export function route(method: string, path: string): Route {
  if (path === VALIDATE_KEY_PATH || `${path}/` === VALIDATE_KEY_PATH) return method.toUpperCase() === "GET" ? { kind: "operation", operation: "validateApiKey" } : { kind: "wrong-method" };
  if (!path.startsWith(`${NETSCAN}/`)) return { kind: "unknown" };
  const rest = path.slice(NETSCAN.length).replace(/\/$/, "");
  for (const p of PATTERNS) {
    const m = p.path.exec(rest);
    if (!m) continue;
    const operation = ownEntry(p.methods, method.toUpperCase());
    if (operation === undefined) return { kind: "wrong-method" };
    const id = m[1];
    return id === undefined ? { kind: "operation", operation } : { kind: "operation", operation, pathId: decodeURIComponent(id) };
  }
  return { kind: "unknown" };
}
