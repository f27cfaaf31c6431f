/**
 * Raw HTTP against the Cortex emulator with undici alone (no driver code): requests signed the
 * way vendors/cortex.md §3 documents, with the hash computed here, independently of the emulator.
 */
import { createHash } from "node:crypto";
import { Agent, request } from "undici";
import { afterEach } from "vitest";
import { createManualClock, createRandom, startEmulatorServer, type ManualClock } from "../../../src/emulators/index.js";
import { createCortexEmulator, type CortexEmulatorOptions } from "../../../src/emulators/cortex/index.js";
import type { EmulatorServer } from "../../../src/emulators/core/server.js";
import type { VendorControls } from "../../../src/emulators/core/types.js";

export const NETSCAN = "/public_api/netscan/v1";
export const ADVANCED = { id: "41", key: "adv-key-Zq81pL0rT5vN3sW7yB2cD4fG6hJ9kM1x" };
export const STANDARD = { id: "42", key: "std-key-Hh5Jj7Kk9Ll2Mm4Nn6Pp8Qq0Rr3Ss5Tt7" };

export type Auth =
  | { readonly scheme: "advanced"; readonly id?: string; readonly key?: string; readonly nonce?: string; readonly timestamp?: number; readonly hash?: string }
  | { readonly scheme: "standard"; readonly id?: string; readonly key?: string }
  | { readonly scheme: "none" };

export interface CallOptions {
  readonly body?: unknown;
  readonly auth?: Auth;
  /** Default a User-Agent; null sends none. */
  readonly userAgent?: string | null;
  readonly headers?: Record<string, string>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly json: any;
}

let nonceCounter = 0;
/** 64 letters and digits, never repeated within a test run. */
export const freshNonce = (): string => `N${String(++nonceCounter).padStart(63, "0")}`;

export const advancedHash = (key: string, nonce: string, timestamp: number): string =>
  createHash("sha256").update(key + nonce + String(timestamp)).digest("hex");

export interface CortexHarness {
  readonly server: EmulatorServer;
  readonly clock: ManualClock;
  call(method: "GET" | "POST" | "PUT", path: string, options?: CallOptions): Promise<Answer>;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

export async function startCortex(options: CortexEmulatorOptions = {}, controls?: VendorControls): Promise<CortexHarness> {
  const clock = createManualClock();
  const vendor = createCortexEmulator({ clock, random: createRandom(1) }, { advancedKey: ADVANCED, standardKey: STANDARD, requestsPerSecond: Infinity, ...options });
  const server = await startEmulatorServer(vendor, { clock, ...(controls === undefined ? {} : { controls }) });
  const agent = new Agent({ connections: 16 });
  open.push(server, agent);

  function authHeaders(auth: Auth): Record<string, string> {
    if (auth.scheme === "none") return {};
    if (auth.scheme === "standard") return { "x-xdr-auth-id": auth.id ?? STANDARD.id, authorization: auth.key ?? STANDARD.key };
    const nonce = auth.nonce ?? freshNonce();
    const timestamp = auth.timestamp ?? clock.now();
    return {
      "x-xdr-auth-id": auth.id ?? ADVANCED.id,
      "x-xdr-nonce": nonce,
      "x-xdr-timestamp": String(timestamp),
      authorization: auth.hash ?? advancedHash(auth.key ?? ADVANCED.key, nonce, timestamp),
    };
  }

  return {
    server,
    clock,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = {
        ...(o.userAgent === null ? {} : { "user-agent": o.userAgent ?? "scanform-test/1" }),
        ...(o.body === undefined ? {} : { "content-type": "application/json" }),
        ...authHeaders(o.auth ?? { scheme: "advanced" }),
        ...o.headers,
      };
      const body = o.body === undefined ? null : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      const res = await request(server.baseUrl + path, { method, headers, body, dispatcher: agent });
      const text = await res.body.text();
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: out, text, json };
    },
  };
}

/** A complete, valid ScanDefinitionPayload (§1.1) with only the required fields. */
export function validDefinition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    port_list_id: 1,
    scan_ports: [],
    vt_config_id: 12,
    name: "dc-weekly",
    description: "",
    network_scanner_ids: ["0f8e6c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"],
    network: 3,
    credential_ids: [],
    schedule_cadence: "WEEKLY",
    schedule_days: 1,
    schedule_dates: [],
    schedule_start_date: 1796083200000,
    schedule_time: { hour: 2, minute: 0, second: 0 },
    schedule_quiet_hours: [],
    schedule_timezone: "UTC",
    override_target_exclusions: false,
    target_ids: [],
    targets: ["10.0.0.0/16"],
    excluded_targets: [],
    enable_report: true,
    ...overrides,
  };
}

/** Creates a definition and returns its id. */
export async function createDefinition(h: CortexHarness, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await h.call("POST", `${NETSCAN}/scan/definition`, { body: validDefinition(overrides) });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.json.definition_id as number;
}

/** Launches a run and returns its id, parsed from the DATA text as the sheet says clients must. */
export async function launch(h: CortexHarness, definitionId: number): Promise<number> {
  const res = await h.call("POST", `${NETSCAN}/scan/run`, { body: { request_data: { definition_id: definitionId } } });
  const m = /run ID:\s*(\d+)/i.exec(String(res.json?.DATA));
  if (res.status !== 200 || !m) throw new Error(`launch failed: ${res.status} ${res.text}`);
  return Number(m[1]);
}
