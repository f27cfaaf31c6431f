/**
 * The parent's handle on the emulator hosts (emulator-host.ts, one process per vendor): started
 * afresh for each scenario (run.ts), driven through the emulators' inspection routes, which bypass latency and faults
 * and are never logged, so looking never changes what is measured. The host runs built the way
 * `scanform emulate` ships (compile.ts), not under tsx: tsx wraps every function made at run time
 * to keep its name, and the Qualys emulator makes thousands while it builds a page, so under tsx
 * the vendor's own time beyond the latency was counted against scanform's figures.
 */
import { fork, type ChildProcess } from "node:child_process";
import { compileForNode } from "./compile.js";
import { fileURLToPath } from "node:url";
import type { JsonValue } from "../src/core/json.js";
import type { VendorControls } from "../src/emulators/core/types.js";
import type { RequestLogEntry } from "../src/emulators/index.js";
import { emulatorFactories } from "../src/emulators/registry.js";
import type { HostCpu, HostReady } from "./emulator-host.js";

export interface BenchEmulators {
  /** Settings as environment variables (`QUALYS_URL`, `QUALYS_USERNAME`, ...). */
  readonly env: Readonly<Record<string, string>>;
  setControls(vendor: string, controls: VendorControls): Promise<void>;
  /** Empties the vendor's objects, its request log and its rate window. */
  reset(vendor: string): Promise<void>;
  /** The request log since the last reset or clear (the most recent 50,000 entries). */
  log(vendor: string): Promise<readonly RequestLogEntry[]>;
  clearLog(vendor: string): Promise<void>;
  /** CPU (user + system) the vendor's emulator process has used so far, in ms. */
  cpuMs(vendor: string): Promise<number>;
  close(): Promise<void>;
}

const HOST = fileURLToPath(new URL("./emulator-host.ts", import.meta.url));
const READY_TIMEOUT_MS = 30_000;

/** Built once per bench process, into a cache folder of its own. */
let builtHost: Promise<string> | undefined;

export async function startBenchEmulators(): Promise<BenchEmulators> {
  const vendors = Object.keys(emulatorFactories).sort();
  builtHost ??= compileForNode(HOST, "scanform-bench-emulators");
  const host = await builtHost;
  const started = await Promise.allSettled(vendors.map((vendor) => startHost(host, vendor)));
  const hosts = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed !== undefined) {
    await Promise.all(hosts.map((h) => stopHost(h.child)));
    throw failed.reason;
  }
  const ready: Omit<HostReady, "type"> = {
    urls: Object.assign({}, ...hosts.map((h) => h.ready.urls)) as Record<string, string>,
    origins: Object.assign({}, ...hosts.map((h) => h.ready.origins)) as Record<string, string>,
    env: Object.assign({}, ...hosts.map((h) => h.ready.env)) as Record<string, string>,
  };

  const hostOf = new Map(hosts.map((h) => [h.vendor, h.child]));
  let nextCpuQuestion = 1;
  const origin = (vendor: string): string => {
    const o = ready.origins[vendor];
    if (o === undefined) throw new Error(`no ${vendor} emulator is running`);
    return o;
  };
  async function call(vendor: string, method: string, route: string, body?: JsonValue): Promise<Response> {
    const res = await fetch(`${origin(vendor)}/__scanform/${route}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    if (!res.ok) throw new Error(`${method} /__scanform/${route} at the ${vendor} emulator answered ${res.status}: ${await res.text()}`);
    return res;
  }

  return {
    env: ready.env,
    setControls: async (vendor, controls) => {
      await call(vendor, "PUT", "controls", controls as JsonValue);
    },
    reset: async (vendor) => {
      await call(vendor, "POST", "reset");
    },
    log: async (vendor) => ((await (await call(vendor, "GET", "log")).json()) as { entries: RequestLogEntry[] }).entries,
    clearLog: async (vendor) => {
      await call(vendor, "DELETE", "log");
    },
    cpuMs: (vendor) => {
      const child = hostOf.get(vendor);
      if (child === undefined) return Promise.reject(new Error(`no ${vendor} emulator is running`));
      const id = nextCpuQuestion++;
      return new Promise<number>((resolve, reject) => {
        const gone = (): void => {
          child.off("message", answer);
          child.off("exit", gone);
          reject(new Error(`the ${vendor} emulator host exited before it said how much CPU it used`));
        };
        const answer = (m: unknown): void => {
          const cpu = m as HostCpu | null;
          if (cpu?.type !== "cpu" || cpu.id !== id) return;
          child.off("message", answer);
          child.off("exit", gone);
          resolve(cpu.ms);
        };
        // A host gone before the question is asked has no channel to send it on, and no exit to come.
        if (!child.connected) return gone();
        child.on("message", answer);
        child.once("exit", gone);
        child.send({ type: "cpu", id }, (e) => {
          if (e !== null) gone();
        });
      });
    },
    close: async () => {
      await Promise.all(hosts.map((h) => stopHost(h.child)));
    },
  };
}

async function startHost(host: string, vendor: string): Promise<{ readonly vendor: string; readonly child: ChildProcess; readonly ready: HostReady }> {
  // execArgv empty: a plain node, without the tsx loader this process runs under.
  const child = fork(host, [vendor], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await new Promise<HostReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${vendor} emulator host did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.once("message", (m) => {
      clearTimeout(timer);
      resolve(m as HostReady);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${vendor} emulator host exited with code ${code} before it was ready`));
    });
  }).catch(async (e: unknown) => {
    await stopHost(child);
    throw e;
  });
  return { vendor, child, ready };
}

/** The host stops when its channel closes, so no host outlives a run. */
function stopHost(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    if (child.connected) child.disconnect();
    else child.kill();
  });
}
