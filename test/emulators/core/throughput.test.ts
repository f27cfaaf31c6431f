/**
 * Issue 3: one emulator must serve at least 2,000 requests/s on loopback with no latency, so it is
 * never the bottleneck of a benchmark. A bounded number of requests keeps the check short.
 *
 * Two lower bounds of the emulator's capacity, and the better one counts: requests over wall time
 * (understated when other suites load the shared 2-core machine) and requests over this process's
 * CPU time (understated because the undici client's work is in it too).
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { afterAll, expect, it } from "vitest";
import { startEmulatorServer } from "../../../src/emulators/core/server.js";
import { createFakeVendor } from "./fake-vendor.js";

const REQUESTS = 4000;
const IN_FLIGHT = 32;

const serverPromise = startEmulatorServer(createFakeVendor());
afterAll(async () => (await serverPromise).close());

it("serves at least 2,000 requests per second with no latency configured", async () => {
  const server = await serverPromise;
  const pool = new Pool(server.origin, { connections: IN_FLIGHT });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      next++;
      const res = await pool.request({ method: "GET", path: "/api/items" });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  await pool.close();
  expect(server.log.count("listItems")).toBe(REQUESTS);
  expect(Math.max(REQUESTS / wallSeconds, REQUESTS / cpuSeconds)).toBeGreaterThanOrEqual(2000);
});
