/**
 * A second process for the state conformance suite: `node --import tsx child.ts '<json>'`.
 * `hold`: take the lock, keep it `holdMs`, record one entry, release. `write-loop`: take the lock
 * and rewrite a large state until killed. `append-loop`: take the lock and append one large entry
 * at a time until killed. Reports each step as a JSON line on stdout.
 */
import { updateState } from "../../src/state/update.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { versionOf } from "../../src/state/snapshot.js";
import { type ChildMode, type ChildEvent, type ChildTarget, appendedEntry, loopSnapshot, openTarget, stateEntry, withEntries } from "./fixtures.js";

const args = JSON.parse(process.argv[2] ?? "{}") as { target: ChildTarget } & ChildMode;
const say = (e: ChildEvent): void => void process.stdout.write(`${JSON.stringify(e)}\n`);

const backend = await openTarget(args.target);
const handle = await backend.lock(lockRequest(`child ${args.mode}`, process.env), { timeoutMs: 10_000 });
say({ event: "locked", id: handle.info.id });

if (args.mode === "hold") {
  await new Promise((resolve) => setTimeout(resolve, args.holdMs));
  await updateState(backend, (s) => withEntries(s, stateEntry("hexiosec.scan.child")));
  await handle.release();
  say({ event: "released" });
  await backend.dispose();
} else if (args.mode === "append-loop") {
  const start = await backend.read();
  if (!start) throw new Error("append-loop needs a state to append to");
  let version = versionOf(start);
  for (;;) {
    say({ event: "writing", serial: version.serial + 1 });
    version = await backend.append([{ put: appendedEntry(version.serial + 1) }], version);
    say({ event: "wrote", serial: version.serial });
  }
} else {
  for (;;) {
    const current = await backend.read();
    if (!current) throw new Error("write-loop needs a state to rewrite");
    say({ event: "writing", serial: current.serial + 1 });
    try {
      const version = await backend.write(loopSnapshot(current.lineage, current.serial + 1), versionOf(current));
      say({ event: "wrote", serial: version.serial });
    } catch (e) {
      // A killed predecessor's last UPDATE may still commit after it died: read again and go on.
      if ((e as { code?: string }).code !== "STATE_STALE") throw e;
    }
  }
}
