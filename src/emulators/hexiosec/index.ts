/**
 * The Hexiosec ASM emulator: the API of /work/shared/vendors/hexiosec.md ("scanform's decisions")
 * in memory. Every `/api` request needs the `x-hexiosec-api-key` header (401 otherwise); errors
 * are `{code, message}`; throttling is 429 with `Retry-After`.
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuRequest, EmuResponse, VendorEmulator, VendorEmulatorContext } from "../core/types.js";
import { apiError, json } from "./answers.js";
import { uuid } from "./ids.js";
import { resolveOptions, type HexiosecEmulatorOptions } from "./options.js";
import { BASE_PATH, route } from "./routes.js";
import { createScan, deleteScan, getScan, listScans, updateScan } from "./scans.js";
import { addSeed, listSeeds, removeSeed } from "./seeds.js";
import { dumpTenant, emptyTenant, loadTenant } from "./store.js";
import type { TenantContext } from "./tenant-context.js";

export type { HexiosecEmulatorOptions } from "./options.js";
export { DEFAULT_GROUPS, EMULATOR_API_KEY } from "./options.js";

export const AUTH_HEADER = "x-hexiosec-api-key";

/** The list operations, which the `emptyList` fault answers with `[]`. */
const LISTS: ReadonlySet<string> = new Set(["listScanGroups", "listScans", "listSeeds"]);
/** The operations that change nothing: the GETs of routes.ts. */
const READS: ReadonlySet<string> = new Set([...LISTS, "verifyKey", "getScan"]);

export function createHexiosecEmulator(ctx: VendorEmulatorContext, options?: HexiosecEmulatorOptions | Record<string, unknown>): VendorEmulator {
  const settings = resolveOptions(options as Record<string, unknown> | undefined);
  let tenant = emptyTenant(settings.groups);
  const context = (): TenantContext => ({ tenant, settings, now: () => ctx.clock.now(), newId: () => uuid(ctx.random) });

  function handle(req: EmuRequest): EmuResponse {
    if (!req.path.startsWith(BASE_PATH + "/")) return apiError(404, "not_found", `no route ${req.path}`);
    if (req.headers[AUTH_HEADER] !== settings.apiKey) {
      return apiError(401, "unauthorised", `a valid API key is required in the ${AUTH_HEADER} header`);
    }
    const r = route(req.method, req.path);
    if (r.kind === "none") return apiError(404, "not_found", `no route ${req.method} ${req.path}`);
    if (r.kind === "method-not-allowed") {
      return apiError(405, "method_not_allowed", `${req.method} is not allowed here; use ${r.allowed.join(", ")}`, { allow: r.allowed.join(", ") });
    }
    const c = context();
    const scanId = r.scanId ?? "";
    const expand = req.query.getAll("expand").flatMap((e) => e.split(",")).map((e) => e.trim());
    switch (r.operation) {
      case "verifyKey":
        return json(200, { authenticated: true });
      case "listScanGroups":
        return json(200, tenant.groups.map((g) => ({ id: g.id, name: g.name })));
      case "listScans":
        return listScans(c);
      case "createScan":
        return createScan(c, req.body);
      case "getScan":
        return getScan(c, scanId, expand);
      case "updateScan":
        return updateScan(c, scanId, req.body);
      case "deleteScan":
        return deleteScan(c, scanId);
      case "listSeeds":
        return listSeeds(c, scanId, expand);
      case "addSeed":
        return addSeed(c, scanId, req.body);
      case "removeSeed":
        return removeSeed(c, scanId, r.seedId ?? "");
    }
  }

  return {
    vendor: "hexiosec",
    basePath: BASE_PATH,
    credentials: { HEXIOSEC_API_KEY: settings.apiKey },
    operation(req) {
      const r = route(req.method, req.path);
      return r.kind === "matched" ? r.operation : undefined;
    },
    handle,
    // Every GET only reads (routes.ts): built while its latency runs, as Qualys' reads are.
    readOnly: (req) => {
      const r = route(req.method, req.path);
      return r.kind === "matched" && READS.has(r.operation);
    },
    throttled: (_reason, retryAfterSeconds) =>
      apiError(429, "too_many_requests", "too many requests; retry later", { "retry-after": String(retryAfterSeconds) }),
    serverError: (status) => apiError(status, "internal_error", "an internal error occurred"),
    // Every list is a bare array (sheet §1), so an empty one is `[]`.
    emptyList: (operation) => (LISTS.has(operation) ? json(200, []) : undefined),
    dump: (): JsonValue => dumpTenant(tenant),
    load(state) {
      tenant = loadTenant(state);
    },
    reset() {
      tenant = emptyTenant(settings.groups);
    },
  };
}
