/** The client against the emulator framework: the faults and throttling the drivers will meet. */
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions, type ScanformHttpClient } from "../../src/http/client.js";
import { startEmulatorServer, type EmulatorServer } from "../../src/emulators/core/server.js";
import type { VendorControls } from "../../src/emulators/core/types.js";
import { createFakeVendor, type FakeVendor } from "../emulators/core/fake-vendor.js";
import { fakeTime, get, post } from "./harness.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function against(controls: VendorControls, options: Partial<HttpClientOptions> = {}): Promise<{ emulator: EmulatorServer; vendor: FakeVendor; client: ScanformHttpClient }> {
  const vendor = createFakeVendor();
  const emulator = await startEmulatorServer(vendor, { controls, seed: 3 });
  const time = fakeTime();
  const client = createHttpClient({
    vendor: "fake",
    baseUrl: emulator.baseUrl,
    concurrency: 4,
    authenticate: () => ({}),
    secrets: [],
    now: time.now,
    sleep: time.sleep,
    ...options,
  });
  open.push(client, emulator);
  return { emulator, vendor, client };
}

describe("HTTP client against an emulator", () => {
  it("reports a create whose answer was lost as possibly landed, and never sends it twice", async () => {
    const { client, vendor, emulator } = await against({ faults: { lostAnswer: 1 } });
    await expect(client.request(post("/items"))).rejects.toMatchObject({ code: "HTTP_NETWORK", detail: { mayHaveLanded: true } });
    expect(vendor.items()).toHaveLength(1);
    expect(emulator.log.count("createItem")).toBe(1);
  });

  it("finishes every read through seeded 5xx faults and dropped connections", async () => {
    const { client, emulator } = await against({ faults: { serverError: 0.2, drop: 0.1 } });
    const answers = await Promise.all(Array.from({ length: 30 }, () => client.request(get("/items", { operation: "listItems" }))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(emulator.log.entries().some((e) => e.outcome !== "answered")).toBe(true);
  });

  it("slows down to the emulator's concurrency cap and finishes", async () => {
    const { client, emulator } = await against({ concurrency: 2, latencyMs: 5 }, { concurrency: 6 });
    const answers = await Promise.all(Array.from({ length: 24 }, () => client.request(post("/items"))));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(emulator.log.entries().some((e) => e.outcome === "throttled")).toBe(true);
    expect(emulator.log.entries().filter((e) => e.outcome === "answered")).toHaveLength(24);
  });
});
