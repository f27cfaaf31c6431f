/**
 * `scanform apply --auto-approve DIR` as a user runs it, in this process so it can be timed and
 * metered: the command's own runApply with the real openWorkspace (manifests loaded from DIR, the
 * state backend they name, the registered drivers and the shared HTTP client), its text output
 * rendered (the plan, every step's line) into a counting sink. The vendors are the emulators in
 * their own process; what each of them answered, and when, is read from their request logs.
 *
 * Bytes written are the bytes this process wrote (/proc/self/io wchar) minus those it sent to the
 * vendors over HTTP: for `local`, the state file and its log; for `postgres`, the statements sent
 * (the pg client's socket is not among the sockets counted as HTTP).
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFile } from "node:fs/promises";
import type { Socket } from "node:net";
import type { RequestLogEntry } from "../src/emulators/index.js";
import { openWorkspace, runApply, toApplyFlags } from "./scanform.js";

export interface CliApplyRun {
  readonly exit: number;
  /** Epoch ms: the command started, the plan was printed (the apply's steps start), the command ended. */
  readonly started: number;
  readonly planned: number;
  readonly ended: number;
  readonly cpuMs: number;
  /** CPU until the plan was printed: loading the manifests, connecting, observing, diffing, rendering the plan. */
  readonly planCpuMs: number;
  /** State bytes: everything written but the HTTP requests to the vendors. */
  readonly stateBytes: number;
  /** Text the command printed (stdout and stderr). */
  readonly outputBytes: number;
  readonly outputLines: number;
  /** The first lines of stderr, for a run that failed. */
  readonly errors: string;
}

const wchar = async (): Promise<number> => Number(/wchar: (\d+)/.exec(await readFile("/proc/self/io", "utf8"))?.[1] ?? NaN);

/** Bytes written to every TCP client socket opened through net.connect (undici's), from now on. */
function httpBytes(): { sent(): number; stop(): void } {
  const sockets = new Set<Socket>();
  const onSocket = (message: unknown): void => {
    sockets.add((message as { socket: Socket }).socket);
  };
  subscribe("net.client.socket", onSocket);
  return {
    sent: () => [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0),
    stop: () => unsubscribe("net.client.socket", onSocket),
  };
}

export async function cliApply(dir: string, env: Readonly<Record<string, string | undefined>>, extraArgs: readonly string[] = []): Promise<CliApplyRun> {
  let outputBytes = 0;
  let outputLines = 0;
  let planned: number | undefined;
  let planCpu: NodeJS.CpuUsage | undefined;
  let errors = "";
  const count = (chunk: string): void => {
    outputBytes += Buffer.byteLength(chunk);
    for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) outputLines++;
  };
  const stdout = {
    write: (chunk: string) => {
      // The plan is printed before the first step starts: where the plan ends and the apply begins.
      if (planned === undefined) {
        planned = Date.now();
        planCpu = process.cpuUsage(cpu);
      }
      count(chunk);
      return true;
    },
  };
  const stderr = {
    write: (chunk: string) => {
      if (errors.length < 4000) errors += chunk;
      count(chunk);
      return true;
    },
  };
  // The HTTP connections of earlier runs are closed with their clients; a new run opens its own.
  const http = httpBytes();
  const bytesBefore = await wchar();
  const cpu: NodeJS.CpuUsage = process.cpuUsage();
  const started = Date.now();
  let exit: number;
  try {
    exit = await runApply(toApplyFlags([dir], { autoApprove: true, parallelism: 10, lockTimeout: 0, pollInterval: 10_000, color: false, ...parse(extraArgs) }), openWorkspace, { stdout, stderr, env, cwd: dir });
  } finally {
    http.stop();
  }
  const ended = Date.now();
  const used = process.cpuUsage(cpu);
  const stateBytes = (await wchar()) - bytesBefore - http.sent();
  const msOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  return { exit, started, planned: planned ?? ended, ended, cpuMs: msOf(used), planCpuMs: msOf(planCpu ?? used), stateBytes, outputBytes, outputLines, errors };
}

/** The one flag the bench varies. */
function parse(args: readonly string[]): { parallelism?: number } {
  const i = args.indexOf("--parallelism");
  return i === -1 ? {} : { parallelism: Number(args[i + 1]) };
}

/** What one vendor did in a stretch of time, from its request log. */
export interface VendorWindow {
  readonly calls: number;
  readonly byOperation: Readonly<Record<string, number>>;
  /** Epoch ms the last call of the stretch ended (its start when none). */
  readonly lastEnd: number;
  /** Σ of the calls' durations: call-milliseconds the vendor was serving. */
  readonly busyMs: number;
}

export function vendorWindow(entries: readonly RequestLogEntry[], from: number, to: number): VendorWindow {
  const byOperation: Record<string, number> = {};
  let calls = 0;
  let lastEnd = from;
  let busyMs = 0;
  for (const e of entries) {
    if (e.time < from || e.time >= to) continue;
    calls++;
    const op = e.operation ?? "unknown";
    byOperation[op] = (byOperation[op] ?? 0) + 1;
    lastEnd = Math.max(lastEnd, e.time + e.durationMs);
    busyMs += e.durationMs;
  }
  return { calls, byOperation, lastEnd, busyMs };
}
