/**
 * The Rig the driver contract suite runs against, and the one way to build it for a registered
 * driver: its emulator started fresh on 127.0.0.1, the real HTTP client, settings taken from the
 * emulator's environment exactly as the CLI reads them (Driver.settingsEnv), and samples written
 * as manifests, so the specs the suite sends are those the manifest loader really produces.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address } from "../../src/core/address.js";
import type { JsonValue } from "../../src/core/json.js";
import { startEmulators } from "../../src/emulators/index.js";
import { createHttpClient, type ScanformHttpClient } from "../../src/http/client.js";
import { loadDesired } from "../../src/manifest/index.js";
import type { DesiredResource } from "../../src/manifest/model.js";
import type { ConnectDeps, Driver, Ids, ResolvedSettings, VendorSession } from "../../src/vendors/driver.js";
import { drivers } from "../../src/vendors/index.js";

/** One managed kind's sample: the resource as first applied, and the same address with a changed spec. */
export interface Sample {
  readonly base: DesiredResource;
  /** Differs from `base` only in fields the kind updates in place. */
  readonly changed: DesiredResource;
}

export interface Rig {
  readonly driver: Driver;
  /** Connected with `settings` to an emulator nothing else has touched. */
  readonly session: VendorSession;
  /** The working settings, credentials included; the suite only ever compares against them. */
  readonly settings: ResolvedSettings;
  connect(settings: ResolvedSettings): VendorSession;
  /** By kind: every managed kind of the driver should have one. */
  readonly samples: Readonly<Record<string, Sample>>;
  /** Everything the samples refer to that is not itself a sample (data resources, other objects). */
  readonly context: readonly DesiredResource[];
  /** The emulator's own record of the object `ids` name, read past the driver; undefined when it holds none. */
  peek(kind: string, ids: Ids): JsonValue | undefined;
  close(): Promise<void>;
}

export interface EmulatorRigOptions {
  /** Options for the vendor's emulator factory: short run durations above all. */
  readonly emulator?: Record<string, unknown>;
  /** Two configurations in the manifest language: the base, and the same addresses with changed specs. */
  readonly manifests: { readonly base: string; readonly changed: string };
  /** Finds the object `ids` name in the emulator's dump. */
  peek(dump: JsonValue, kind: string, ids: Ids): JsonValue | undefined;
}

/** Tests start one emulator each; retries must not make a failing case slow. */
const FAST_BACKOFF = { baseMs: 5, capMs: 100 };

export function emulatorRig(vendor: string, options: EmulatorRigOptions): () => Promise<Rig> {
  let loaded: Promise<Pick<Rig, "samples" | "context">> | undefined;
  return async () => {
    const driver = drivers.get(vendor);
    if (driver === undefined) throw new Error(`no registered driver for ${vendor}`);
    loaded ??= loadSamples(driver, options.manifests);
    const { samples, context } = await loaded;
    const running = await startEmulators({ vendors: [vendor], ...(options.emulator === undefined ? {} : { vendorOptions: { [vendor]: options.emulator } }) });
    const emulator = running.emulators[vendor]!;
    const clients: ScanformHttpClient[] = [];
    const deps: ConnectDeps = {
      now: () => new Date(),
      makeHttp: (http) => {
        const client = createHttpClient({ ...http, backoff: FAST_BACKOFF });
        clients.push(client);
        return client;
      },
    };
    const settings: Record<string, string> = {};
    for (const [key, envName] of Object.entries(driver.settingsEnv)) {
      const value = running.env[envName];
      if (value !== undefined) settings[key] = value;
    }
    return {
      driver,
      session: driver.connect(settings, deps),
      settings,
      connect: (other) => driver.connect(other, deps),
      samples,
      context,
      peek: (kind, ids) => options.peek(emulator.vendor.dump(), kind, ids),
      async close() {
        await Promise.all(clients.map((c) => c.close()));
        await running.close();
      },
    };
  };
}

/** The first record of `list` whose `key`, as text, is `id`: how the emulators keep their objects. */
export function recordById(list: JsonValue | undefined, key: string, id: string | undefined): JsonValue | undefined {
  if (id === undefined || !Array.isArray(list)) return undefined;
  return list.find((r) => r !== null && typeof r === "object" && !Array.isArray(r) && String((r as Record<string, JsonValue>)[key]) === id);
}

export const field = (value: JsonValue | undefined, name: string): JsonValue | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, JsonValue>)[name] : undefined;

async function loadSamples(driver: Driver, manifests: EmulatorRigOptions["manifests"]): Promise<Pick<Rig, "samples" | "context">> {
  const base = await loadManifest(manifests.base);
  const changed = new Map((await loadManifest(manifests.changed)).map((r) => [r.address, r]));
  const samples: Record<string, Sample> = {};
  const inSamples = new Set<Address>();
  for (const r of base) {
    const other = changed.get(r.address);
    if (r.mode !== "managed" || samples[r.kind] !== undefined || other === undefined || driver.kinds[r.kind] === undefined) continue;
    samples[r.kind] = { base: r, changed: other };
    inSamples.add(r.address);
  }
  return { samples, context: base.filter((r) => !inSamples.has(r.address)) };
}

async function loadManifest(text: string): Promise<readonly DesiredResource[]> {
  const dir = await mkdtemp(join(tmpdir(), "scanform-contract-"));
  try {
    await writeFile(join(dir, "scans.yaml"), text);
    const loaded = await loadDesired([dir], { cwd: dir });
    if (!loaded.ok) throw new Error(`sample manifest is invalid: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    return loaded.desired.resources;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
