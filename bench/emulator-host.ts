/**
 * One vendor's emulator in a process of its own, so the vendor's work (building and parsing XML,
 * its bookkeeping) runs beside scanform, as a real vendor's servers do, instead of being billed to
 * the wall time and CPU scanform is measured by; and beside the other vendors' emulators, so one
 * vendor building a large page does not hold another's answers back, which no two real vendors
 * do. The parent talks to it over IPC for the URLs and over the emulator's inspection routes for
 * everything else. Usage: emulator-host.ts VENDOR.
 */
import { startEmulators } from "../src/emulators/index.js";

export interface HostReady {
  readonly type: "ready";
  readonly urls: Readonly<Record<string, string>>;
  readonly origins: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
}

/** The host's answer to `{ type: "cpu", id }`: the CPU (user + system) its process has used so far. */
export interface HostCpu {
  readonly type: "cpu";
  readonly id: number;
  readonly ms: number;
}

const vendor = process.argv[2];
if (vendor === undefined) throw new Error("usage: emulator-host.ts VENDOR");
// The same seed as when all vendors shared one host: each vendor's randomness is derived from it and its name.
const running = await startEmulators({ seed: 1, vendors: [vendor] });
const origins = Object.fromEntries(Object.entries(running.emulators).map(([v, e]) => [v, e.origin]));
const ready: HostReady = { type: "ready", urls: running.urls, origins, env: running.env };
process.send?.(ready);
process.on("message", (m: unknown) => {
  const asked = m as { type?: unknown; id?: unknown } | null;
  if (asked?.type !== "cpu" || typeof asked.id !== "number") return;
  const used = process.cpuUsage();
  process.send?.({ type: "cpu", id: asked.id, ms: (used.user + used.system) / 1000 } satisfies HostCpu);
});
// The parent closing the channel (on exit or crash) is the signal to stop, so no host outlives a run.
process.on("disconnect", () => {
  void running.close().then(() => process.exit(0));
});
