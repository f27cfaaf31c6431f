/**
 * The Cortex XSIAM netscan emulator (vendors/cortex.md): the six operations, standard and advanced
 * API keys checked exactly, the tenant's own 10 requests/s limit, and runs that move
 * Pending → Running → Completed on the emulator clock. Checks run in the order a tenant applies
 * them: rate, the gateway's auth, the route, then netscan's own parameter checks.
 */
import { performance } from "node:perf_hooks";
import type { JsonValue } from "../../core/json.js";
import type { EmuRequest, EmuResponse, VendorEmulator, VendorEmulatorContext } from "../core/types.js";
import { createAuthChecker, MAX_SKEW_MS, type CortexApiKey } from "./auth.js";
import { configureNewScan, launchRun, runCommand, runStatus, type HandlerContext } from "./handlers.js";
import { createTenantRate } from "./rate.js";
import { route } from "./routes.js";
import type { RunOutcome, RunTiming } from "./runs.js";
import { CortexStore } from "./store.js";
import { gatewayError, MESSAGES, netscanError } from "./wire.js";

export interface CortexEmulatorOptions {
  /** The key in `credentials` (CORTEX_API_KEY_TYPE=advanced). */
  readonly advancedKey?: { readonly id: string; readonly key: string };
  /** A second, standard key, so both schemes can be tested. */
  readonly standardKey?: { readonly id: string; readonly key: string };
  /** More keys, e.g. one whose role lacks `network_scanners_action` (answered 403). */
  readonly extraKeys?: readonly CortexApiKey[];
  /** Active time a run stays Pending, then Running; tests use a few milliseconds. */
  readonly pendingMs?: number;
  readonly runDurationMs?: number;
  /** How runs end when not aborted. Default Completed. */
  readonly runOutcome?: RunOutcome;
  /** The tenant limit (§5). Default 10; Infinity turns it off for benchmarks of other limits. */
  readonly requestsPerSecond?: number;
  /** Monotonic milliseconds for the rate window. Default performance.now. */
  readonly rateClock?: () => number;
  /** vt_config_ids that exist (§1.1: 404 otherwise). Every id exists when absent. */
  readonly templates?: readonly number[];
  /** Accepted timestamp skew of advanced keys. Default 5 minutes (scanform's decision). */
  readonly maxSkewMs?: number;
}

export const DEFAULT_ADVANCED_KEY = { id: "7", key: "emulated-cortex-advanced-key-0000000000000000000000000000000000" } as const;
export const DEFAULT_STANDARD_KEY = { id: "8", key: "emulated-cortex-standard-key-0000000000000000000000000000000000" } as const;

export function createCortexEmulator(ctx: VendorEmulatorContext, options: CortexEmulatorOptions = {}): VendorEmulator {
  const advanced = options.advancedKey ?? DEFAULT_ADVANCED_KEY;
  const standard = options.standardKey ?? DEFAULT_STANDARD_KEY;
  const keys: CortexApiKey[] = [
    { ...advanced, type: "advanced", permitted: true },
    { ...standard, type: "standard", permitted: true },
    ...(options.extraKeys ?? []),
  ];
  const auth = createAuthChecker(keys, () => ctx.clock.now(), options.maxSkewMs ?? MAX_SKEW_MS);
  const rate = createTenantRate(options.requestsPerSecond ?? 10, options.rateClock ?? (() => performance.now()));
  const timing: RunTiming = { pendingMs: options.pendingMs ?? 2_000, runDurationMs: options.runDurationMs ?? 30_000 };
  const templates = options.templates === undefined ? undefined : new Set(options.templates);
  const store = new CortexStore();

  function handle(req: EmuRequest): EmuResponse {
    if (!rate.admit()) return netscanError(429, MESSAGES.tooMany);
    const verdict = auth.check(req.headers);
    if (!verdict.ok) return verdict.status === 403 ? netscanError(403, MESSAGES.forbidden) : gatewayError(401, verdict.message);
    const r = route(req.method, req.path);
    if (r.kind === "unknown") return netscanError(404, MESSAGES.notFound);
    if (r.kind === "wrong-method") return netscanError(405, "Method Not Allowed");
    // §1: every operation declares `User-Agent` as a required header; a missing required
    // parameter is the spec's 400 Bad Request.
    if ((req.headers["user-agent"] ?? "").trim() === "") {
      return netscanError(400, MESSAGES.badRequest, [{ field: "User-Agent", message: "Field required" }]);
    }
    const hc: HandlerContext = { store, now: ctx.clock.now(), timing, runOutcome: options.runOutcome ?? "Completed", templates };
    switch (r.operation) {
      case "validateApiKey":
        return { status: 200, headers: { "content-type": "application/json" }, body: "true" };
      case "configureNewScan":
        return configureNewScan(req, hc);
      case "publicLaunchScanRun":
        return launchRun(req, hc);
      case "publicLaunchScanRunById":
        return launchRun(req, hc, r.pathId);
      case "publicScanDefinitionRunStatus":
        return runStatus(req, hc);
      case "publicGetScanDefinitionRunStatus":
        return runStatus(req, hc, r.pathId);
      case "publicScanDefinitionRunAction":
        return runCommand(req, hc, r.pathId ?? "");
    }
  }

  return {
    vendor: "cortex",
    credentials: { CORTEX_API_KEY_ID: advanced.id, CORTEX_API_KEY: advanced.key, CORTEX_API_KEY_TYPE: "advanced" },
    operation(req) {
      const r = route(req.method, req.path);
      return r.kind === "operation" ? r.operation : undefined;
    },
    handle,
    // §5: the tenant answers "Too many requests" and sends no rate headers; whether it sends
    // Retry-After is unknown (§6.7), so none is sent and clients must back off on their own.
    throttled: () => netscanError(429, MESSAGES.tooMany),
    serverError: (status) => netscanError(status, MESSAGES.serverError),
    dump: (): JsonValue => store.dump(ctx.clock.now(), timing),
    load(state) {
      store.load(state);
    },
    reset() {
      store.reset();
      auth.reset();
      rate.reset();
    },
  };
}

export type { CortexApiKey } from "./auth.js";
export type { RunOutcome, RunState } from "./runs.js";
