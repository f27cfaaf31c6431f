/**
 * A workspace of fakes for command tests: manifests built in code, the in-memory state backend and
 * fake vendors behind drivers whose kind hints follow the vendor notes closely enough for the diff.
 */
import type { Address } from "../../src/core/address.js";
import { parseAddress } from "../../src/core/address.js";
import { digest, type JsonObject } from "../../src/core/json.js";
import type { CliIO } from "../../src/cli/io.js";
import type { OpenWorkspace, Workspace } from "../../src/ops/workspace.js";
import type { Desired, DesiredResource, LaunchPolicy, WaitPolicy } from "../../src/manifest/model.js";
import { createMemoryBackend, type MemoryBackend } from "../../src/state/memory.js";
import type { Driver, KindInfo } from "../../src/vendors/driver.js";
import { FakeWorld } from "./fakes.js";

const kind = (o: Partial<KindInfo> = {}): KindInfo => ({ mode: "managed", fields: {}, readable: true, deletable: true, launchable: false, pollable: false, ...o });

const KINDS: Readonly<Record<string, Readonly<Record<string, KindInfo>>>> = {
  qualys: { webApp: kind(), scan: kind({ launchable: true, pollable: true }) },
  hexiosec: { scan: kind({ pollable: true, fields: { type: { update: "replace" } } }) },
};

export function resource(address: Address, spec: JsonObject = {}, o: { launch?: LaunchPolicy; wait?: WaitPolicy; dependsOn?: Address[] } = {}): DesiredResource {
  const p = parseAddress(address)!;
  return {
    address,
    vendor: p.vendor,
    kind: p.kind,
    name: p.name,
    mode: "managed",
    spec: { name: p.name, ...spec },
    dependsOn: o.dependsOn ?? [],
    options: { protect: false, adopt: false, ignore: [] },
    ...(o.launch ? { launch: o.launch } : {}),
    ...(o.wait ? { wait: o.wait } : {}),
    source: { file: "scans/main.yaml", line: 1, column: 1 },
  };
}

export function desiredOf(resources: readonly DesiredResource[]): Desired {
  const sorted = [...resources].sort((a, b) => (a.address < b.address ? -1 : 1));
  return { files: ["scans/main.yaml"], digest: digest(sorted.map((r) => r.spec)), vendors: {}, state: { backend: "local" }, moved: [], resources: sorted };
}

export interface FakeWorkspace {
  readonly world: FakeWorld;
  readonly backend: MemoryBackend;
  /** The manifests the next command opens. */
  desired: Desired;
  readonly open: OpenWorkspace;
  /** Paths each command opened. */
  readonly opened: (readonly string[])[];
}

export function fakeWorkspace(desired: Desired): FakeWorkspace {
  const world = new FakeWorld();
  const backend = createMemoryBackend();
  const drivers = new Map<string, Driver>(
    Object.entries(KINDS).map(([vendor, kinds]) => [vendor, { vendor, kinds, settingsEnv: {}, secretSettings: [], concurrency: 10, idsFromConsole: (_kind: string, id: string) => ({ id }), connect: () => world.session(vendor) }]),
  );
  const fake: FakeWorkspace = {
    world,
    backend,
    desired,
    opened: [],
    open: async (paths: readonly string[]): Promise<Workspace> => {
      fake.opened.push(paths);
      return {
        desired: fake.desired,
        // A peer per command, as each command process opens the state anew.
        backend: backend.peer(),
        drivers,
        connect: (vendor) => ({ driver: drivers.get(vendor)!, session: world.session(vendor) }),
        close: async () => undefined,
      };
    },
  };
  return fake;
}

/** Collected output of a command, with the streams it writes to. */
export function cliIO(o: { tty?: boolean; stdinTTY?: boolean; env?: Record<string, string>; cwd?: string } = {}) {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { isTTY: o.tty ?? false, write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (err += s) },
    ...(o.stdinTTY ? { stdin: { isTTY: true } as unknown as NodeJS.ReadableStream & { isTTY: boolean } } : {}),
    env: o.env ?? {},
    cwd: o.cwd ?? "/nonexistent",
  };
  return { io, out: () => out, err: () => err };
}
