import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createEmulateCommand, type EmulateDeps } from "../../../src/cli/emulate.js";
import type { CliIO } from "../../../src/cli/io.js";
import { startEmulators, type StartEmulatorsOptions } from "../../../src/emulators/index.js";
import { createFakeVendor } from "./fake-vendor.js";
import { createCaller } from "./http-helpers.js";

function capture(): CliIO & { out(): string; err(): string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: "/",
    out: () => out,
    err: () => err,
  };
}

async function run(argv: string[], deps: EmulateDeps, io = capture()): Promise<{ io: ReturnType<typeof capture>; code: number | undefined }> {
  let code: number | undefined;
  const program = new Command("scanform").exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  createEmulateCommand(deps)(program, io, (c) => (code = c));
  await program.parseAsync(["emulate", ...argv], { from: "user" });
  return { io, code };
}

/** A start that records its options and reports fixed URLs, so the banner is stable. */
function recordingDeps(signal: Promise<string> = Promise.resolve("SIGINT")): EmulateDeps & { seen: StartEmulatorsOptions[]; closed: number } {
  const deps = {
    seen: [] as StartEmulatorsOptions[],
    closed: 0,
    vendors: () => ["alpha", "beta"],
    pid: 4242,
    untilSignal: () => signal,
    async start(options: StartEmulatorsOptions) {
      deps.seen.push(options);
      const alpha = createFakeVendor(undefined, "alpha");
      const beta = { ...createFakeVendor(undefined, "beta"), credentials: { BETA_PASSWORD: "it's secret" } };
      return {
        urls: { alpha: "http://127.0.0.1:8101/api", beta: "http://127.0.0.1:8102" },
        env: {},
        emulators: {
          alpha: { vendor: alpha, log: undefined as never, origin: "http://127.0.0.1:8101", setControls: () => undefined },
          beta: { vendor: beta, log: undefined as never, origin: "http://127.0.0.1:8102", setControls: () => undefined },
        },
        close: async () => {
          deps.closed++;
        },
      };
    },
  };
  return deps;
}

describe("scanform emulate", () => {
  it("prints a shell-pasteable banner with the env lines and how to use them", async () => {
    const { io } = await run(["--seed", "7", "--latency", "25"], recordingDeps());
    await expect(io.out()).toMatchFileSnapshot("./golden/emulate-banner.txt");
  });

  it("passes seed, latency and consecutive ports from --port-base to the emulators", async () => {
    const deps = recordingDeps();
    await run(["--seed", "7", "--latency", "25", "--port-base", "9000"], deps);
    expect(deps.seen).toEqual([
      {
        seed: 7,
        vendors: ["alpha", "beta"],
        controls: { alpha: { latencyMs: 25 }, beta: { latencyMs: 25 } },
        port: { alpha: 9000, beta: 9001 },
      },
    ]);
  });

  it("defaults to seed 1, no latency and ephemeral ports", async () => {
    const deps = recordingDeps();
    await run([], deps);
    expect(deps.seen[0]).toEqual({ seed: 1, vendors: ["alpha", "beta"], controls: { alpha: { latencyMs: 0 }, beta: { latencyMs: 0 } } });
  });

  it("runs until a signal arrives, then closes the emulators and exits 0", async () => {
    let stop: (s: string) => void = () => undefined;
    const deps = recordingDeps(new Promise((resolve) => (stop = resolve)));
    const running = run([], deps);
    await new Promise((r) => setTimeout(r, 20));
    expect(deps.closed).toBe(0);
    stop("SIGTERM");
    const { io, code } = await running;
    expect(deps.closed).toBe(1);
    expect(code).toBe(0);
    expect(io.err()).toBe("# SIGTERM: stopping the emulators\n");
  });

  it.each([
    [["--seed", "-1"], "--seed takes a whole number"],
    [["--latency", "fast"], "--latency takes a whole number"],
    [["--port-base", "70000"], "--port-base takes a whole number from 1 to 65535"],
  ])("refuses %j", async (argv, message) => {
    const io = capture();
    await expect(run(argv, recordingDeps(), io)).rejects.toThrow();
    expect(io.err()).toContain(message);
  });

  it("refuses a port base without room for every emulator", async () => {
    await expect(run(["--port-base", "65535"], recordingDeps())).rejects.toMatchObject({ code: "EMULATOR_PORT_RANGE" });
  });

  it("says, when a port of --port-base is taken, to pick another base or leave it out, not a port of 0 it refuses", async () => {
    const factories = { alpha: (ctx: Parameters<typeof createFakeVendor>[0]) => createFakeVendor(ctx, "alpha") };
    const taken = await startEmulators({ vendors: ["alpha"], factories });
    const port = Number(new URL(taken.urls["alpha"]!).port);
    try {
      const started = run(["--port-base", String(port)], { vendors: () => ["alpha"], start: (options) => startEmulators({ ...options, factories }), untilSignal: () => Promise.resolve("SIGINT"), pid: 4242 });
      await expect(started).rejects.toMatchObject({ code: "EMULATOR_LISTEN", hint: expect.stringContaining("--port-base") });
      await expect(started).rejects.not.toMatchObject({ hint: expect.stringContaining("0 for any") });
    } finally {
      await taken.close();
    }
  });

  it("refuses to start when no emulator is registered", async () => {
    await expect(run([], { ...recordingDeps(), vendors: () => [] })).rejects.toMatchObject({ code: "EMULATOR_NONE" });
  });

  it("serves real emulators at the printed URL until stopped", async () => {
    let stop: (s: string) => void = () => undefined;
    const signalled = new Promise<string>((resolve) => (stop = resolve));
    const factories = { alpha: (ctx: Parameters<typeof createFakeVendor>[0]) => createFakeVendor(ctx, "alpha") };
    const io = capture();
    const running = run([], { vendors: () => ["alpha"], start: (options) => startEmulators({ ...options, factories }), untilSignal: () => signalled, pid: 4242 }, io);
    while (!io.out().includes("ALPHA_URL")) await new Promise((r) => setTimeout(r, 5));
    const url = /export ALPHA_URL=(\S+)/.exec(io.out())?.[1] ?? "";
    const caller = createCaller();
    expect((await caller.call(`${url}/items`)).status).toBe(200);
    stop("SIGINT");
    await running;
    await expect(caller.call(`${url}/items`)).rejects.toThrow();
    await caller.close();
  });
});
