/**
 * A tiny VendorEmulator for testing the shared server: a list of items under `/api`, a 429 with
 * Retry-After when throttled, and a JSON 5xx. It counts how often its handler really ran, so a
 * test can tell "never carried out" from "carried out, answer lost". Its GETs only read, and
 * `GET /api/slow` holds the thread for SLOW_READ_MS, as building a large page does, and
 * `GET /api/large` answers LARGE_READ_CHARS characters, one of them of two bytes in UTF-8.
 */
import type { JsonValue } from "../../../src/core/json.js";
import type { EmuRequest, EmuResponse, VendorEmulator, VendorEmulatorContext } from "../../../src/emulators/core/types.js";

export interface FakeVendor extends VendorEmulator {
  readonly handled: number;
  items(): readonly string[];
}

export const SLOW_READ_MS = 120;
export const LARGE_READ_CHARS = 16 * 1024 * 1024;

export function createFakeVendor(ctx?: VendorEmulatorContext, name = "fake"): FakeVendor {
  let items: string[] = [];
  let handled = 0;
  const json = (status: number, value: JsonValue, headers: Record<string, string> = {}): EmuResponse => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  });
  return {
    vendor: name,
    basePath: "/api",
    credentials: { FAKE_API_KEY: "fake-key-123" },
    get handled() {
      return handled;
    },
    items: () => items,
    operation(req: EmuRequest) {
      if (req.path === "/api/items" && req.method === "GET") return "listItems";
      if (req.path === "/api/items" && req.method === "POST") return "createItem";
      if (req.path === "/api/random" && req.method === "GET") return "randomNumber";
      if (req.path === "/api/slow" && req.method === "GET") return "slowRead";
      if (req.path === "/api/large" && req.method === "GET") return "largeRead";
      if (req.path === "/api/boom") return "boom";
      return undefined;
    },
    handle(req: EmuRequest) {
      handled++;
      if (req.path === "/api/boom") throw new Error("handler exploded");
      if (req.path === "/api/random") return json(200, { value: ctx?.random.next() ?? null });
      if (req.path === "/api/slow") {
        const until = performance.now() + SLOW_READ_MS;
        while (performance.now() < until);
        return json(200, items);
      }
      if (req.path === "/api/large") return { status: 200, headers: { "content-type": "text/plain" }, body: `é${"x".repeat(LARGE_READ_CHARS - 1)}` };
      if (req.method === "POST") {
        items.push(req.body);
        return json(201, { id: items.length });
      }
      if (req.method === "GET" && req.path === "/api/items") return json(200, items);
      return json(404, { code: "not_found" });
    },
    readOnly: (req) => req.method === "GET",
    throttled: (reason, retryAfterSeconds) => json(429, { code: "too_many", reason }, { "retry-after": String(retryAfterSeconds) }),
    serverError: (status) => json(status, { code: "server_error" }),
    dump: () => items,
    load(state) {
      if (!Array.isArray(state)) throw new Error("state must be a list");
      items = state.map(String);
    },
    reset() {
      items = [];
    },
  };
}
