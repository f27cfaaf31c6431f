/**
 * The library entry for tests, benchmarks and `scanform emulate`: starts the registered vendor
 * emulators on 127.0.0.1 and says how to reach them.
 */
import { ScanformError } from "../core/errors.js";
import { systemClock } from "./core/clock.js";
import { createRandom, deriveSeed } from "./core/random.js";
import type { RequestLog } from "./core/request-log.js";
import { startEmulatorServer, type EmulatorServer } from "./core/server.js";
import type { EmuClock, VendorControls, VendorEmulator } from "./core/types.js";
import { emulatorFactories, type EmulatorFactory } from "./registry.js";
import { ownEntry } from "../core/own.js";

export interface StartEmulatorsOptions {
  /** Makes faults, jitter and generated ids repeatable. Default 1. */
  readonly seed?: number;
  /** Which registered vendors to start; all when absent. */
  readonly vendors?: readonly string[];
  readonly controls?: Partial<Record<string, VendorControls>>;
  /** Passed to each vendor's factory (run durations, limits, ...), see the vendor's emulator. */
  readonly vendorOptions?: Partial<Record<string, Record<string, unknown>>>;
  /** Fixed ports by vendor; ephemeral otherwise. */
  readonly port?: Partial<Record<string, number>>;
  /** The emulators' clock; tests pass a manual clock to move scans along. Default: the wall clock. */
  readonly clock?: EmuClock;
  /** The factories to choose from; default the registry. */
  readonly factories?: Readonly<Record<string, EmulatorFactory>>;
}

export interface RunningEmulator {
  readonly vendor: VendorEmulator;
  readonly log: RequestLog;
  /** `http://127.0.0.1:PORT`: where `/__scanform/` lives. */
  readonly origin: string;
  setControls(controls: VendorControls): void;
}

export interface RunningEmulators {
  /** Base URL a driver uses, by vendor: the origin plus the vendor's base path. */
  readonly urls: Readonly<Record<string, string>>;
  /** The credentials each emulator accepts plus `<VENDOR>_URL`, as environment settings. */
  readonly env: Readonly<Record<string, string>>;
  readonly emulators: Readonly<Record<string, RunningEmulator>>;
  /** Stops every server; resolves once all ports are free. */
  close(): Promise<void>;
}

/** `HEXIOSEC_URL` for `hexiosec`: the variable the driver settings read (DESIGN.md, manifest rules). */
export const urlEnvName = (vendor: string): string => `${vendor.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_URL`;

export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  const factories = options.factories ?? emulatorFactories;
  const seed = options.seed ?? 1;
  const clock = options.clock ?? systemClock;
  const vendors = options.vendors ?? Object.keys(factories).sort();
  const unknown = vendors.filter((v) => ownEntry(factories, v) === undefined);
  if (unknown.length > 0) {
    throw new ScanformError("EMULATOR_UNKNOWN_VENDOR", `no emulator for ${unknown.join(", ")}`, {
      hint: `Known emulators: ${Object.keys(factories).sort().join(", ") || "none"}.`,
    });
  }

  const servers: (readonly [string, EmulatorServer])[] = [];
  try {
    for (const name of vendors) {
      const factory = factories[name] as EmulatorFactory;
      const vendor = factory({ clock, random: createRandom(deriveSeed(seed, name)) }, options.vendorOptions?.[name]);
      const port = options.port?.[name];
      const controls = options.controls?.[name];
      const server = await startEmulatorServer(vendor, {
        seed: deriveSeed(seed, `${name}/server`),
        clock,
        ...(port === undefined ? {} : { port }),
        ...(controls === undefined ? {} : { controls }),
      });
      servers.push([name, server]);
    }
  } catch (e) {
    await Promise.all(servers.map(([, s]) => s.close()));
    throw e;
  }

  const urls: Record<string, string> = {};
  const env: Record<string, string> = {};
  const emulators: Record<string, RunningEmulator> = {};
  for (const [name, s] of servers) {
    urls[name] = s.baseUrl;
    Object.assign(env, s.vendor.credentials);
    env[urlEnvName(name)] = s.baseUrl;
    emulators[name] = { vendor: s.vendor, log: s.log, origin: s.origin, setControls: (c) => s.setControls(c) };
  }
  return {
    urls,
    env,
    emulators,
    close: async () => {
      await Promise.all(servers.map(([, s]) => s.close()));
    },
  };
}

export { startEmulatorServer } from "./core/server.js";
export type { EmulatorServer, EmulatorServerOptions } from "./core/server.js";
export { createManualClock, systemClock } from "./core/clock.js";
export type { ManualClock } from "./core/clock.js";
export { createRandom, deriveSeed } from "./core/random.js";
export type { RequestLog, RequestLogEntry, RequestOutcome } from "./core/request-log.js";
