import { createServer } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startEmulators, urlEnvName, type RunningEmulators } from "../../../src/emulators/index.js";
import type { VendorEmulator } from "../../../src/emulators/core/types.js";
import { createFakeVendor } from "./fake-vendor.js";
import { createCaller } from "./http-helpers.js";

const factories = {
  alpha: (ctx: Parameters<typeof createFakeVendor>[0]) => createFakeVendor(ctx, "alpha"),
  beta: (ctx: Parameters<typeof createFakeVendor>[0]): VendorEmulator => ({ ...createFakeVendor(ctx, "beta"), basePath: "", credentials: { BETA_USER: "u" } }),
};

let running: RunningEmulators | undefined;
const caller = createCaller();
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(() => caller.close());

/** Listens on `port` (0: any free one) and closes again; rejects when the port is taken. */
function probePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

describe("startEmulators", () => {
  it("starts every registered emulator on 127.0.0.1 with its base path", async () => {
    running = await startEmulators({ factories });
    expect(Object.keys(running.urls)).toEqual(["alpha", "beta"]);
    expect(running.urls.alpha).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(running.urls.beta).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("lists the credentials and the URL variable of each vendor as env settings", async () => {
    running = await startEmulators({ factories });
    expect(running.env).toEqual({ FAKE_API_KEY: "fake-key-123", ALPHA_URL: running.urls.alpha, BETA_USER: "u", BETA_URL: running.urls.beta });
  });

  it("starts only the vendors asked for", async () => {
    running = await startEmulators({ factories, vendors: ["beta"] });
    expect(Object.keys(running.emulators)).toEqual(["beta"]);
  });

  it("refuses an unknown vendor, naming the known ones", async () => {
    await expect(startEmulators({ factories, vendors: ["gamma"] })).rejects.toMatchObject({
      code: "EMULATOR_UNKNOWN_VENDOR",
      hint: "Known emulators: alpha, beta.",
    });
  });

  it("applies each vendor's controls", async () => {
    running = await startEmulators({ factories, controls: { alpha: { faults: { serverError: 1 } } } });
    expect((await caller.call(`${running.urls.alpha}/items`)).status).toBeGreaterThanOrEqual(500);
    expect((await caller.call(`${running.urls.beta}/api/items`)).status).toBe(200);
  });

  it("gives each vendor a seeded random of its own, repeatable across starts", async () => {
    const draw = async (vendor: string): Promise<unknown> => {
      const url = running?.urls[vendor] ?? "";
      return JSON.parse((await caller.call(`${url}${vendor === "beta" ? "/api" : ""}/random`)).body);
    };
    running = await startEmulators({ factories, seed: 42 });
    const first = [await draw("alpha"), await draw("beta")];
    await running.close();
    running = await startEmulators({ factories, seed: 42 });
    expect([await draw("alpha"), await draw("beta")]).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
  });

  it("passes vendor options to the factory", async () => {
    let seen: unknown;
    running = await startEmulators({
      factories: { alpha: (ctx, options) => ((seen = options), createFakeVendor(ctx, "alpha")) },
      vendorOptions: { alpha: { runMs: 5 } },
    });
    expect(seen).toEqual({ runMs: 5 });
  });

  it("closes the servers already started when a later one cannot listen", async () => {
    running = await startEmulators({ factories, vendors: ["beta"] });
    const taken = Number(new URL(running.urls.beta ?? "").port);
    const alphaPort = await probePort(0);
    const attempt = startEmulators({ factories, port: { alpha: alphaPort, beta: taken } });
    await expect(attempt).rejects.toMatchObject({ code: "EMULATOR_LISTEN" });
    expect(await probePort(alphaPort)).toBe(alphaPort);
  });

  it("names the URL variable after the vendor", () => {
    expect(urlEnvName("hexiosec")).toBe("HEXIOSEC_URL");
  });
});
