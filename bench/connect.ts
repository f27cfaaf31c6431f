/**
 * Vendor sessions the way scanform opens them (settings from the documented environment variables,
 * the one HTTP client), with two things a benchmark needs on top: every request counted by
 * operation, and the concurrency each driver asked its client for, which is the cap the lower
 * bound is computed with.
 */
import type { ScanformHttpClient } from "../src/http/client.js";
import type { RequestCounter } from "../src/http/counter.js";
import type { Driver, VendorSession } from "../src/vendors/driver.js";
import { createHttpClient, createRequestCounter, drivers } from "./scanform.js";

export interface BenchConnections {
  readonly drivers: ReadonlyMap<string, Driver>;
  readonly counter: RequestCounter;
  /** A new session per call: a plan and the apply after it do not share a driver's caches. */
  connect(vendor: string): VendorSession;
  /** Requests in flight each vendor's driver asked for (its cap); undefined before it connected. */
  cap(vendor: string): number | undefined;
  /** Requests per second the driver asked its client to start at most, if it set a rate. */
  rate(vendor: string): number | undefined;
  close(): Promise<void>;
}

function requireDriver(registry: ReadonlyMap<string, Driver>, vendor: string): Driver {
  const driver = registry.get(vendor);
  if (driver === undefined) throw new Error(`the ${vendor} driver is not registered in src/vendors/index.ts yet; this scenario needs it`);
  return driver;
}

/** `registry`: the drivers scanform ships, unless a caller injects others. */
export function benchConnections(env: Readonly<Record<string, string>>, registry: ReadonlyMap<string, Driver> = drivers): BenchConnections {
  const counter = createRequestCounter();
  const caps = new Map<string, number>();
  const rates = new Map<string, number>();
  const clients: ScanformHttpClient[] = [];
  return {
    drivers: registry,
    counter,
    connect(vendor) {
      const driver = requireDriver(registry, vendor);
      const settings = Object.fromEntries(Object.entries(driver.settingsEnv).flatMap(([setting, name]) => (env[name] === undefined ? [] : [[setting, env[name]]])));
      return driver.connect(settings, {
        now: () => new Date(),
        makeHttp(options) {
          caps.set(options.vendor, options.concurrency);
          if (options.ratePerSecond !== undefined) rates.set(options.vendor, options.ratePerSecond);
          const client = createHttpClient({ ...options, counter });
          clients.push(client);
          return client;
        },
      });
    },
    cap: (vendor) => caps.get(vendor),
    rate: (vendor) => rates.get(vendor),
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
