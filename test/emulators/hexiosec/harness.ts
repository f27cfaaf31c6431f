/**
 * Raw HTTP against the Hexiosec emulator: undici only, no driver code, so the emulator is checked
 * against the vendor sheet and not against the driver's reading of it.
 */
import { Agent, request } from "undici";
import { createManualClock, createRandom, startEmulatorServer, type EmulatorServer, type ManualClock } from "../../../src/emulators/index.js";
import { createHexiosecEmulator, EMULATOR_API_KEY, type HexiosecEmulatorOptions } from "../../../src/emulators/hexiosec/index.js";

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The body parsed as JSON (undefined when empty). */
  readonly json: any;
}

export interface Harness {
  readonly server: EmulatorServer;
  readonly clock: ManualClock;
  /** Calls `path` below the base URL (`/api`) with the valid key unless `key` says otherwise. */
  call(method: string, path: string, init?: { body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<Answer>;
  /** Creates a scan in "Security" and returns its id. */
  createScan(fields?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const KEY = EMULATOR_API_KEY;
export const SECURITY = "00000001-0001-0001-0001-000000000001";
export const VENDORS = "00000002-0002-0002-0002-000000000002";

export async function startHarness(options: HexiosecEmulatorOptions = {}): Promise<Harness> {
  const clock = createManualClock();
  const server = await startEmulatorServer(createHexiosecEmulator({ clock, random: createRandom(7) }, options), { clock });
  const agent = new Agent({ connections: 16 });
  const harness: Harness = {
    server,
    clock,
    async call(method, path, init = {}) {
      const key = init.key === undefined ? KEY : init.key;
      const headers: Record<string, string> = { accept: "application/json", ...init.headers };
      if (key !== null) headers["x-hexiosec-api-key"] = key;
      let body: string | null = null;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] = "application/json";
      }
      const res = await request(server.baseUrl + path, { method: method as "GET", headers, body, dispatcher: agent });
      const text = await res.body.text();
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
      return { status: res.statusCode, headers: flat, body: text, json: text === "" ? undefined : JSON.parse(text) };
    },
    async createScan(fields = {}) {
      const res = await harness.call("POST", "/v1/scans", { body: { name: "scan", scan_group_id: SECURITY, type: "adhoc", ...fields } });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
      return res.json.id as string;
    },
    async close() {
      await agent.close();
      await server.close();
    },
  };
  return harness;
}
