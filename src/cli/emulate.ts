/**
 * `scanform emulate`: starts the vendor emulators on loopback for people trying manifests offline,
 * prints the settings that point scanform at them, and runs until interrupted.
 */
import { parseInteger } from "./integer-flag.js";
import { isScanformError, ScanformError } from "../core/errors.js";
import { startEmulators, urlEnvName, type RunningEmulators, type StartEmulatorsOptions } from "../emulators/index.js";
import { INSPECT_PREFIX } from "../emulators/core/inspect.js";
import { emulatorFactories } from "../emulators/registry.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import type { Writable } from "./io.js";
import { widest } from "../core/arrays.js";

export interface EmulateOptions {
  readonly seed: number;
  readonly latencyMs: number;
  /** First port; vendors take consecutive ports in alphabetical order. Ephemeral when absent. */
  readonly portBase?: number;
}

export interface EmulateDeps {
  start(options: StartEmulatorsOptions): Promise<RunningEmulators>;
  /** Resolves with the signal's name when the user asks to stop. */
  untilSignal(): Promise<string>;
  /** Registered vendors, in the order they take ports. */
  vendors(): readonly string[];
  /** This process's id, for the line that says how to stop it when it runs in the background. */
  readonly pid: number;
}

export function createEmulateCommand(deps: EmulateDeps): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("emulate")
      .description("Run local emulators of the vendor APIs and print the settings that point scanform at them.")
      .option("--seed <n>", "seed for faults, jitter and generated ids", parseInteger("--seed", 0, 2 ** 32 - 1), 1)
      .option("--latency <ms>", "added to every answer, in milliseconds", parseInteger("--latency", 0, 600_000), 0)
      .option("--port-base <n>", "first port; vendors take consecutive ports in alphabetical order (default: any free ports)", parseInteger("--port-base", 1, 65_535))
      .action(async (raw: { seed: number; latency: number; portBase?: number }) => {
        const options: EmulateOptions = { seed: raw.seed, latencyMs: raw.latency, ...(raw.portBase === undefined ? {} : { portBase: raw.portBase }) };
        await runEmulate(options, deps, io.stdout, io.stderr);
        setExit(EXIT.ok);
      });
  };
}

export async function runEmulate(options: EmulateOptions, deps: EmulateDeps, out: Writable, err: Writable): Promise<void> {
  const vendors = deps.vendors();
  if (vendors.length === 0) throw new ScanformError("EMULATOR_NONE", "no vendor emulators are registered");
  if (options.portBase !== undefined && options.portBase + vendors.length - 1 > 65_535) {
    throw new ScanformError("EMULATOR_PORT_RANGE", `--port-base ${options.portBase} leaves no room for ${vendors.length} emulators`, {
      hint: `Pick a port base of at most ${65_536 - vendors.length}.`,
    });
  }
  const running = await deps
    .start({
      seed: options.seed,
      vendors,
      controls: Object.fromEntries(vendors.map((v) => [v, { latencyMs: options.latencyMs }])),
      ...(options.portBase === undefined ? {} : { port: Object.fromEntries(vendors.map((v, i) => [v, (options.portBase ?? 0) + i])) }),
    })
    .catch((e: unknown) => {
      // The emulators' own hint speaks of a port; this command takes a base for all of them.
      if (isScanformError(e) && e.code === "EMULATOR_LISTEN" && options.portBase !== undefined) {
        throw new ScanformError(e.code, e.message, { hint: `Pick another --port-base (it takes ${vendors.length} ports from there), or leave it out for any free ports.`, ...(e.detail ? { detail: e.detail } : {}) });
      }
      throw e;
    });
  try {
    out.write(formatBanner(options, vendors, running, deps.pid));
    const signal = await deps.untilSignal();
    err.write(`# ${signal}: stopping the emulators\n`);
  } finally {
    await running.close();
  }
}

/** Every line but the exports is a shell comment, so the whole output can be pasted into a shell. */
export function formatBanner(options: EmulateOptions, vendors: readonly string[], running: RunningEmulators, pid: number): string {
  const width = widest(vendors);
  const lines = [
    `# scanform emulators on 127.0.0.1 (seed ${options.seed}, latency ${options.latencyMs} ms):`,
    ...vendors.map((v) => `#   ${v.padEnd(width)}  ${running.urls[v] ?? ""}`),
    "#",
    "# Paste these lines into the shell you run scanform from:",
  ];
  for (const v of vendors) {
    const emulator = running.emulators[v];
    lines.push(`export ${urlEnvName(v)}=${shellQuote(running.urls[v] ?? "")}`);
    for (const [name, value] of Object.entries(emulator?.vendor.credentials ?? {})) lines.push(`export ${name}=${shellQuote(value)}`);
  }
  const first = vendors[0];
  const origin = first === undefined ? "" : (running.emulators[first]?.origin ?? "");
  lines.push(
    "#",
    "# Then use scanform as usual, e.g.: scanform plan scans/",
    `# Inspect an emulator (state, log, counts, controls): curl ${origin}${INSPECT_PREFIX}log`,
    // One line for both ways people start it: in the foreground, and `scanform emulate &` (README).
    `# They run until stopped: Ctrl-C in the foreground, \`kill ${pid}\` in the background.`,
  );
  return `${lines.join("\n")}\n`;
}

const SHELL_SAFE = /^[A-Za-z0-9_./:@%+=,-]*$/;
const shellQuote = (value: string): string => (SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

function processSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const emulateCommand: RegisterCommand = createEmulateCommand({
  start: startEmulators,
  untilSignal: processSignal,
  vendors: () => Object.keys(emulatorFactories).sort(),
  pid: process.pid,
});
