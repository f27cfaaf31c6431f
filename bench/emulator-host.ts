/**
 * The emulators in a process of their own, so the vendor's work (building and parsing XML, its
 * bookkeeping) runs beside scanform, as a real vendor's servers do, instead of being billed to the
 * wall time and CPU scanform is measured by. The parent talks to it over IPC for the URLs and over
 * the emulators' inspection routes for everything else.
 */
import { startEmulators } from "../src/emulators/index.js";

export interface HostReady {
  readonly type: "ready";
  readonly urls: Readonly<Record<string, string>>;
  readonly origins: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
}

const running = await startEmulators({ seed: 1 });
const origins = Object.fromEntries(Object.entries(running.emulators).map(([v, e]) => [v, e.origin]));
const ready: HostReady = { type: "ready", urls: running.urls, origins, env: running.env };
process.send?.(ready);
// The parent closing the channel (on exit or crash) is the signal to stop, so no host outlives a run.
process.on("disconnect", () => {
  void running.close().then(() => process.exit(0));
});
