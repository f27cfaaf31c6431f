import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Settlement } from "../../src/apply/journal/settle.js";
import type { Diagnostic } from "../../src/core/errors.js";
import { inFlightView, liveHolder, recordedSince } from "../../src/ops/in-flight.js";
import type { LockInfo } from "../../src/state/capabilities.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { openBackend } from "../../src/state/open.js";
import type { JournalEntry, StateSnapshot } from "../../src/state/model.js";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";
import { describeWithPostgres, PG_URL, sql } from "../state/pg-env.js";

const holder: LockInfo = { id: "lock-1", who: "ci", host: "ci-7", pid: 4242, operation: "apply", created: "2026-11-24T09:00:00.000Z" };

const entry = (address: string, startedAt: string): JournalEntry => ({
  id: `j-${address}`,
  address,
  vendor: address.split(".")[0]!,
  kind: address.split(".")[1]!,
  operation: "create",
  naturalKey: address,
  specDigest: "sha256:x",
  startedAt,
});
const unknowable = (e: JournalEntry): Settlement => ({ entry: e, outcome: "unknowable", error: { code: "APPLY_JOURNAL_UNSETTLED", message: `${e.address}: cannot tell` } });
const snapshot = (resources: Record<string, object>, journal: JournalEntry[]): StateSnapshot =>
  ({ version: 1, lineage: "l", serial: 1, resources, journal }) as unknown as StateSnapshot;
const alreadyExists = (address: string): Diagnostic => ({ code: "PLAN_ALREADY_EXISTS", severity: "error", message: `${address}: exists`, address });

describe("a plan beside a run that holds the lock", () => {
  it("notes the run and each call it has in flight instead of reporting them as errors", () => {
    const view = inFlightView(holder, [unknowable(entry("cortex.scan.dc", "2026-11-24T09:00:05.000Z"))], []);
    expect(view.errors).toEqual([]);
    expect(view.notes.map((n) => n.code)).toEqual(["PLAN_APPLY_IN_PROGRESS", "PLAN_CALL_IN_FLIGHT"]);
    expect(view.notes[0]?.message).toContain("An apply is in progress: ci on ci-7 (pid 4242");
  });

  it("does not call an object a create in flight has just made a conflict", () => {
    const view = inFlightView(holder, [{ entry: entry("qualys.schedule.s", "2026-11-24T09:00:05.000Z"), outcome: "absent" }], [alreadyExists("qualys.schedule.s"), alreadyExists("qualys.schedule.other")]);
    expect(view.errors.map((d) => d.address)).toEqual(["qualys.schedule.other"]);
  });

  it("does not call an object the apply recorded after the plan read state a conflict, and notes it", () => {
    const before = snapshot({ "qualys.webApp.a": {} }, []);
    const after = snapshot({ "qualys.webApp.a": {}, "qualys.webApp.b": {} }, [entry("qualys.webApp.c", "2026-11-24T09:00:07.000Z")]);
    const meanwhile = recordedSince(before, after, holder);
    expect([...meanwhile].sort()).toEqual(["qualys.webApp.b", "qualys.webApp.c"]);
    const view = inFlightView(holder, [], [alreadyExists("qualys.webApp.b"), alreadyExists("qualys.webApp.c"), alreadyExists("qualys.webApp.z")], meanwhile);
    expect(view.errors.map((d) => d.address)).toEqual(["qualys.webApp.z"]);
    expect(view.notes.map((n) => n.address ?? n.code)).toEqual(["PLAN_APPLY_IN_PROGRESS", "qualys.webApp.b", "qualys.webApp.c"]);
  });

  it("keeps the conflict when no run holds the lock, whatever state says now", () => {
    const meanwhile = recordedSince(snapshot({}, []), snapshot({ "qualys.webApp.b": {} }, []), undefined);
    expect(inFlightView(undefined, [], [alreadyExists("qualys.webApp.b")], meanwhile).errors).toHaveLength(1);
  });

  it("still reports an entry opened before the holder took the lock: a crash leftover", () => {
    const view = inFlightView(holder, [unknowable(entry("cortex.scan.old", "2026-11-24T08:00:00.000Z"))], []);
    expect(view.errors.map((d) => d.message)).toEqual(["cortex.scan.old: cannot tell"]);
  });

  it("reports every unsettled entry as an error when no one holds the lock", () => {
    const view = inFlightView(undefined, [unknowable(entry("cortex.scan.dc", "2026-11-24T09:00:05.000Z"))], []);
    expect(view.errors).toHaveLength(1);
    expect(view.notes).toEqual([]);
  });
});

describeWithPostgres("the lock holder a plan sees, with postgres", () => {
  const prefix = `sf_test_${randomBytes(5).toString("hex")}`;
  afterAll(async () => {
    await sql(`DROP TABLE IF EXISTS ${prefix}_states, ${prefix}_locks, ${prefix}_state_log`);
  });

  it("is the apply holding the lock through another connection, and nobody once it is released", async () => {
    const apply = await openPostgresBackend({ url: PG_URL, workspace: "in-flight", tablePrefix: prefix });
    const plan = await openPostgresBackend({ url: PG_URL, workspace: "in-flight", tablePrefix: prefix });
    try {
      const lock = await apply.lock(lockRequest("apply", { USER: "ci" }));
      expect(await liveHolder(plan)).toEqual(lock.info);
      await lock.release();
      expect(await liveHolder(plan)).toBeUndefined();
    } finally {
      await Promise.all([apply.dispose(), plan.dispose()]);
    }
  });
});

describe("the lock holder a plan sees, with a local state file", () => {
  it("is nobody when the lock was left by a process on this host that has exited", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scanform-in-flight-"));
    try {
      const exited = spawnSync(process.execPath, ["-e", ""]);
      const left: LockInfo = { ...holder, host: hostname(), pid: exited.pid };
      await writeFile(join(dir, "state.json.lock"), JSON.stringify(left));
      const backend = await openBackend({ backend: "local", path: "state.json" }, { baseDir: dir, env: {}, resolve: (t) => t });
      expect(await backend.lockInfo()).toEqual(left);
      expect(await liveHolder(backend)).toBeUndefined();
      await backend.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
