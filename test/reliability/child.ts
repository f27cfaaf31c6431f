/**
 * The CLI as a child process: the real exit code, signal, output and peak RSS of one `scanform`
 * run, under a deadline the suite sets. Output is kept up to a cap and counted past it, so a case
 * that amplifies output cannot exhaust the test process.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

const PROBE = fileURLToPath(new URL("./rss-probe.mjs", import.meta.url));
/** What the suite keeps of each stream; the byte counts cover everything. */
const KEEP_BYTES = 1 << 20;
/** A child past this is killed at once, to spare the shared machine; the case then fails on RSS. */
const RSS_CEILING_KB = 1_200_000;

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** Peak resident memory in MB: from the process itself, or the last /proc sample when it was killed. */
  readonly peakRssMb: number;
  readonly ms: number;
  /** Why the suite killed it, when it did. */
  readonly killedBy?: "deadline" | "rss-ceiling";
}

export interface ChildOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The child is killed (SIGKILL) past this. */
  readonly deadlineMs: number;
  /** Written to its stdin, then closed; stdin is empty otherwise. */
  readonly stdin?: string;
  /** Its stdout's reader goes away once this many bytes came, as `| head -c N` does. */
  readonly closeStdoutAfterBytes?: number;
}

export interface ChildHandle {
  readonly pid: number;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<ChildRun>;
}

export function startScanform(argv: readonly string[], options: ChildOptions): ChildHandle {
  const started = performance.now();
  const probe = join(tmpdir(), `scanform-rss-${randomUUID()}`);
  const child = spawn(process.execPath, ["--import", PROBE, inject("cli"), ...argv], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env, RELIABILITY_RSS_FILE: probe },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out = collector();
  const err = collector();
  child.stdout.on("data", (chunk: Buffer) => {
    out.add(chunk);
    if (options.closeStdoutAfterBytes !== undefined && out.bytes() >= options.closeStdoutAfterBytes) child.stdout.destroy();
  });
  child.stderr.on("data", err.add);
  child.stdin.on("error", () => undefined);
  child.stdin.end(options.stdin ?? "");

  let sampledKb = 0;
  let killedBy: ChildRun["killedBy"];
  const sampler = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, "utf8").then(
      (status) => {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        sampledKb = Math.max(sampledKb, kb);
        if (kb > RSS_CEILING_KB && killedBy === undefined) {
          killedBy = "rss-ceiling";
          child.kill("SIGKILL");
        }
      },
      () => undefined,
    );
  }, 50);
  const deadline = setTimeout(() => {
    killedBy ??= "deadline";
    child.kill("SIGKILL");
  }, options.deadlineMs);

  const exited = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(deadline);
      const ms = performance.now() - started;
      void (async () => {
        const reported = Number(await readFile(probe, "utf8").catch(() => "0"));
        await rm(probe, { force: true });
        const peakKb = Math.max(reported, sampledKb);
        resolve({ code, signal, ...out.result("stdout"), ...err.result("stderr"), peakRssMb: Math.round(peakKb / 1024), ms: Math.round(ms), ...(killedBy ? { killedBy } : {}) });
      })().catch(reject);
    });
  });
  return { pid: child.pid ?? -1, kill: (s) => child.kill(s), exited };
}

export const runScanform = (argv: readonly string[], options: ChildOptions): Promise<ChildRun> => startScanform(argv, options).exited;

function collector() {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  return {
    add: (chunk: Buffer) => {
      total += chunk.length;
      if (keptBytes < KEEP_BYTES) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
    },
    bytes: () => total,
    result: <K extends "stdout" | "stderr">(key: K) =>
      ({ [key]: Buffer.concat(kept).toString("utf8"), [`${key}Bytes`]: total }) as Record<K, string> & Record<`${K}Bytes`, number>,
  };
}
