/**
 * The end-to-end harness: the real CLI (`main`) in-process, against the real emulators on
 * 127.0.0.1, over a temporary copy of manifests. Every credential is a canary value that tests
 * grep for in whatever scanform writes; runs end as they start, so `--wait` returns at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseDocument, type Document } from "yaml";
import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";
import type { JsonValue } from "../../src/core/json.js";
import type { RunningEmulators } from "../../src/emulators/index.js";
import { startEmulators } from "../../src/emulators/index.js";
import type { EmuClock, FaultOptions, VendorControls } from "../../src/emulators/core/types.js";
import type { StateBackend } from "../../src/state/capabilities.js";
import type { StateSnapshot } from "../../src/state/model.js";
import { openBackend } from "../../src/state/open.js";

export type Vendor = "hexiosec" | "cortex" | "qualys";

/** The repository's example manifests, which the demo and the README use. */
export const SCANS_DIR = fileURLToPath(new URL("../../scans", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
/** Manifests written for these tests: one per vendor, each with a launchable or enable-able resource. */
export const FIXTURES_DIR = fileURLToPath(new URL("./fixtures", import.meta.url));

/**
 * Canary credentials: distinctive values no plan, state or output could contain by accident.
 * The Cortex key id is numeric on a real tenant; this one is long enough never to be a port, id or count.
 */
export const CANARY = {
  hexiosecApiKey: "canary-hexiosec-key-5b1f0e9c",
  cortexKeyId: "918273645",
  cortexKey: "canary-cortex-key-3d7a2e5f9b1c4d8e6f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f",
  qualysUsername: "canary-qualys-user",
  qualysPassword: "canary-qualys-pass-8e4d2c",
} as const;

/**
 * Runs that are over the moment they start: `wait` polls at once, then only every 10 s, and the
 * CLI offers no way to poll sooner, so a run that took any time would cost each test 10 s.
 */
const INSTANT_RUNS: Readonly<Record<Vendor, Record<string, unknown>>> = {
  hexiosec: { pendingMs: 0, runDurationMs: 0, apiKey: CANARY.hexiosecApiKey },
  cortex: { pendingMs: 0, runDurationMs: 0, advancedKey: { id: CANARY.cortexKeyId, key: CANARY.cortexKey } },
  qualys: { submittedMs: 0, runDurationMs: 0, username: CANARY.qualysUsername, password: CANARY.qualysPassword },
};

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface E2EOptions {
  /** Directory whose manifests are copied; default the fixtures. */
  readonly from?: string;
  /** Only these manifest files are copied (names relative to `from`); all when absent. */
  readonly files?: readonly string[];
  readonly controls?: Partial<Record<Vendor, VendorControls>>;
  readonly vendorOptions?: Partial<Record<Vendor, Record<string, unknown>>>;
  /** The emulators' clock (their Date headers and Cortex's timestamp check); default the wall clock. */
  readonly clock?: EmuClock;
}

export interface E2E {
  /** The temporary directory holding the manifest copies and `.scanform/state.json`. */
  readonly dir: string;
  readonly emulators: RunningEmulators;
  /** What the CLI gets as its environment: the emulators' URLs and canary credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** Every credential value the emulators accept. */
  readonly secrets: readonly string[];
  /** Runs `scanform ...argv` in `dir`; no terminal, so no colour and no prompt. */
  run(...argv: string[]): Promise<CliRun>;
  /** Edits a manifest copy through its YAML document, so comments and layout survive. */
  edit(file: string, change: (doc: Document) => void): Promise<void>;
  /** The vendor's whole tenant, as the emulator holds it. */
  dump(vendor: Vendor): JsonValue;
  /** Requests of one operation the emulator received since start (or the last `clearLog`). */
  count(vendor: Vendor, operation: string): number;
  clearLog(vendor: Vendor): void;
  /** Injects faults at one vendor from now on; `undefined` removes them. */
  faults(vendor: Vendor, faults: FaultOptions | undefined): void;
  /** The state backend the manifests name, opened directly (as a second client would). */
  backend(): Promise<StateBackend>;
  state(): Promise<StateSnapshot | undefined>;
  close(): Promise<void>;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const vendorOptions: Record<string, Record<string, unknown>> = {};
  for (const v of Object.keys(INSTANT_RUNS) as Vendor[]) vendorOptions[v] = { ...INSTANT_RUNS[v], ...options.vendorOptions?.[v] };
  const emulators = await startEmulators({ vendorOptions, ...(options.controls ? { controls: options.controls } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  const dir = await mkdtemp(join(tmpdir(), "scanform-e2e-"));
  const from = options.from ?? FIXTURES_DIR;
  if (options.files) {
    for (const f of options.files) await cp(join(from, f), join(dir, f));
  } else {
    await cp(from, dir, { recursive: true });
  }
  // USER names the lock holder; the rest is only what the emulators hand out.
  const env: Record<string, string> = { ...emulators.env, USER: "e2e-runner" };
  const controls = new Map<Vendor, VendorControls>(Object.entries(options.controls ?? {}) as [Vendor, VendorControls][]);
  const backends: StateBackend[] = [];
  const emulator = (v: Vendor) => {
    const e = emulators.emulators[v];
    if (!e) throw new Error(`no ${v} emulator running`);
    return e;
  };

  return {
    dir,
    emulators,
    env,
    secrets: [CANARY.hexiosecApiKey, CANARY.cortexKey, CANARY.qualysUsername, CANARY.qualysPassword, CANARY.cortexKeyId],
    run: (...argv) => runCli(argv, { env, cwd: dir }),
    async edit(file, change) {
      const path = join(dir, file);
      const doc = parseDocument(await readFile(path, "utf8"));
      change(doc);
      await writeFile(path, doc.toString());
    },
    dump: (v) => emulator(v).vendor.dump(),
    count: (v, operation) => emulator(v).log.count(operation),
    clearLog: (v) => emulator(v).log.clear(),
    faults(v, faults) {
      const { faults: _previous, ...rest } = controls.get(v) ?? {};
      const next: VendorControls = faults ? { ...rest, faults } : rest;
      controls.set(v, next);
      emulator(v).setControls(next);
    },
    async backend() {
      const b = await openBackend({ backend: "local" }, { baseDir: dir, env, resolve: (t) => t });
      backends.push(b);
      return b;
    },
    async state() {
      const b = await openBackend({ backend: "local" }, { baseDir: dir, env, resolve: (t) => t });
      try {
        return await b.read();
      } finally {
        await b.dispose();
      }
    },
    async close() {
      await Promise.all(backends.map((b) => b.dispose()));
      await emulators.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function runCli(argv: readonly string[], where: { env: Readonly<Record<string, string>>; cwd: string; signal?: AbortSignal }): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: where.env,
    cwd: where.cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export interface ChildCli {
  readonly process: ChildProcess;
  /** Resolves once the process has exited, with what it printed. */
  readonly exited: Promise<CliRun & { readonly signal: NodeJS.Signals | null }>;
}

/**
 * `scanform ...argv` in a process of its own, for what only a real process shows: signals and
 * being killed. It runs the CLI's source through tsx, on the manifests in `dir`.
 */
export function spawnCli(e2e: E2E, argv: readonly string[]): ChildCli {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...argv], {
    cwd: REPO_ROOT,
    env: { ...e2e.env, PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { process: child, exited };
}

/** Resolves once `ready` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function until(ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms`);
    await delay(5);
  }
}
