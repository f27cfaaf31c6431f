/**
 * Seeded state as a `local` state file, for plans that read it as `scanform plan` does: a new
 * backend each plan, reading the file (and its log, none here). The memory backend copies its
 * snapshot through JSON.stringify and JSON.parse on every read, which no backend a user runs does.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StateReader } from "../src/state/capabilities.js";
import type { StateSnapshot } from "../src/state/model.js";
import { LocalBackend } from "./scanform.js";

export interface StateFile {
  /** A backend of its own on the file, as each `scanform plan` opens. */
  reader(): StateReader;
  remove(): Promise<void>;
}

export async function writeStateFile(snapshot: StateSnapshot): Promise<StateFile> {
  const dir = await mkdtemp(join(tmpdir(), "scanform-bench-state-"));
  const path = join(dir, "scanform.state.json");
  await new LocalBackend(path).write(snapshot, undefined);
  return { reader: () => new LocalBackend(path), remove: () => rm(dir, { recursive: true, force: true }) };
}
