/** What only the local backend does: its file, its lock file, and a holder that has died. */
import { execFileSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { openBackend } from "../../src/state/open.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { failure, startChild } from "./fixtures.js";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-local-"));
  path = join(dir, ".scanform", "state.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const who = lockRequest("test", { USER: "tester" });
const noResolve = (): string => {
  throw new Error("the local backend resolves nothing");
};

const entry = (name: string) => ({ address: `hexiosec.scan.${name}`, vendor: "hexiosec", kind: "scan", ids: { id: name }, spec: { name }, digest: "sha256:x", protect: false, origin: "created" as const, updatedAt: "2026-01-01T00:00:00.000Z" });

describe("local state file", () => {
  it("lives at .scanform/state.json under the manifests' directory by default", async () => {
    const backend = await openBackend({ backend: "local" }, { baseDir: dir, env: {}, resolve: noResolve });
    expect(backend.describe).toBe(path);
  });

  it("takes a relative `path` setting from the manifests' directory", async () => {
    const backend = await openBackend({ backend: "local", path: "state/prod.json" }, { baseDir: dir, env: {}, resolve: noResolve });
    expect(backend.describe).toBe(join(dir, "state", "prod.json"));
  });

  it("reports a file that is not JSON as corrupt, naming the file, instead of reading it as empty", async () => {
    await mkdir(join(dir, ".scanform"));
    await writeFile(path, '{"version": 1, "lin');
    const e = await failure(new LocalBackend(path).read());
    expect(e.code).toBe("STATE_CORRUPT");
    expect(e.message).toContain(`State at ${path} is corrupt: it is not valid JSON`);
  });

  it("refuses a write while another client holds the lock, since a file cannot compare-and-swap", async () => {
    const holder = await new LocalBackend(path).lock(who);
    const e = await failure(new LocalBackend(path).write(emptySnapshot(), undefined));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.detail?.holder).toEqual(holder.info);
  });

  it("clears temp files left by killed writers once it holds the lock", async () => {
    await mkdir(join(dir, ".scanform"));
    await writeFile(join(dir, ".scanform", ".state.json.tmp-1-abcd"), "half a state");
    const handle = await new LocalBackend(path).lock(who);
    await handle.release();
    expect(await readdir(join(dir, ".scanform"))).toEqual([]);
  });

  it("reports a lock whose process died with its details and the force-unlock command, without taking it", async () => {
    const child = startChild({ kind: "local", path }, { mode: "hold", holdMs: 60_000 });
    const { id } = await child.next("locked");
    child.process.kill("SIGKILL");
    await child.exited;

    const backend = new LocalBackend(path);
    const e = await failure(backend.lock(who, { timeoutMs: 60_000 }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.message).toContain(`(pid ${child.process.pid}, operation "child hold")`);
    expect(e.message).toContain("That process is no longer running.");
    expect(e.hint).toBe(`If no scanform is running against this state, free it with \`scanform force-unlock ${id}\`.`);
    expect((await backend.lockInfo())?.id).toBe(id);

    await backend.forceUnlock(id);
    await (await backend.lock(who)).release();
  }, 30_000);

  it("reports a lock file it cannot read as held, naming the file to delete", async () => {
    await mkdir(join(dir, ".scanform"));
    await writeFile(`${path}.lock`, "");
    const e = await failure(new LocalBackend(path, { pollMs: 10 }).lock(who, { timeoutMs: 30 }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.hint).toBe(`If no scanform is running against this state, delete ${path}.lock.`);
  });

  it("reports a lock file that is a FIFO as held and unreadable at once, instead of waiting for a writer", { timeout: 5000 }, async () => {
    await mkdir(join(dir, ".scanform"));
    execFileSync("mkfifo", [`${path}.lock`]);
    const e = await failure(new LocalBackend(path, { pollMs: 10 }).lock(who, { timeoutMs: 30 }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.hint).toBe(`If no scanform is running against this state, delete ${path}.lock.`);
  });
});

describe("local append log", () => {
  it("ignores a last line cut short by a kill, and cuts it off before the next append", async () => {
    const a = new LocalBackend(path);
    const held = await a.lock(who);
    const v1 = await a.write(emptySnapshot("l"), undefined);
    const v2 = await a.append([{ put: entry("a") }], v1);
    await writeFile(`${path}.log`, '{"lineage":"l","serial":3,"edits":[{"put"', { flag: "a" });
    expect((await new LocalBackend(path).read())?.serial).toBe(2);
    await a.append([{ put: entry("b") }], v2);
    expect(await new LocalBackend(path).read()).toMatchObject({ serial: 3, resources: { "hexiosec.scan.a": entry("a"), "hexiosec.scan.b": entry("b") } });
    await held.release();
  });

  it("folds the log into the file when the lock is released, and removes it", async () => {
    const a = new LocalBackend(path);
    const held = await a.lock(who);
    const v1 = await a.write(emptySnapshot("l"), undefined);
    await a.append([{ put: entry("a") }], v1);
    await held.release();
    expect(await readdir(join(dir, ".scanform"))).toEqual(["state.json"]);
    expect((await new LocalBackend(path).read())).toMatchObject({ serial: 2, resources: { "hexiosec.scan.a": entry("a") } });
  });

  it("refuses the next append as stale after another writer appended behind this one's last", async () => {
    const a = new LocalBackend(path);
    const v1 = await a.write(emptySnapshot("l"), undefined);
    const v2 = await a.append([{ put: entry("a") }], v1);
    await new LocalBackend(path).append([{ put: entry("b") }], v2);
    expect((await failure(a.append([{ put: entry("c") }], v2))).code).toBe("STATE_STALE");
  });

  it("refuses the next append as stale after another writer replaced the file and removed the log", async () => {
    const a = new LocalBackend(path);
    const v1 = await a.write(emptySnapshot("l"), undefined);
    const v2 = await a.append([{ put: entry("a") }], v1);
    const b = new LocalBackend(path);
    await b.write((await b.read())!, v2);
    expect((await failure(a.append([{ put: entry("c") }], v2))).code).toBe("STATE_STALE");
  });

  it("reports a log line that is not JSON before its last as a corrupt state", async () => {
    const a = new LocalBackend(path);
    await a.write(emptySnapshot("l"), undefined);
    await writeFile(`${path}.log`, "not json\n");
    expect((await failure(a.read())).code).toBe("STATE_CORRUPT");
  });
});

describe("local state files read as hostile input", () => {
  it("refuses a state file over the size limit with STATE_TOO_LARGE, naming the file and the limit", async () => {
    await new LocalBackend(path).write(emptySnapshot("l"), undefined);
    const e = await failure(new LocalBackend(path, { maxFileBytes: 64 }).read());
    expect(e.code).toBe("STATE_TOO_LARGE");
    expect(e.message).toBe(`State at ${path} is too large: ${path} holds more than 64 bytes, the limit for a local state file.`);
  });

  it("refuses a log over the size limit with STATE_TOO_LARGE, naming the log", async () => {
    await new LocalBackend(path).write(emptySnapshot("l"), undefined);
    await writeFile(`${path}.log`, `${JSON.stringify({ edits: [], pad: "x".repeat(100) })}\n`);
    const e = await failure(new LocalBackend(path, { maxFileBytes: 100 }).read());
    expect(e.code).toBe("STATE_TOO_LARGE");
    expect(e.message).toBe(`State at ${path} is too large: ${path}.log holds more than 100 bytes, the limit for a local state file.`);
  });

  it("refuses a state path that is a FIFO at once, instead of waiting for a writer", { timeout: 5000 }, async () => {
    await mkdir(join(dir, ".scanform"));
    execFileSync("mkfifo", [path]);
    const e = await failure(new LocalBackend(path).read());
    expect(e.code).toBe("STATE_NOT_A_FILE");
    expect(e.message).toBe(`State at ${path} cannot be read: ${path} is a FIFO (named pipe), not a regular file.`);
  });

  it("refuses a state path that is a directory, naming it", async () => {
    await mkdir(path, { recursive: true });
    const e = await failure(new LocalBackend(path).read());
    expect(e.code).toBe("STATE_NOT_A_FILE");
    expect(e.message).toBe(`State at ${path} cannot be read: ${path} is a directory, not a regular file.`);
  });
});

describe("local state behind a symbolic link", () => {
  let target: string;
  beforeEach(async () => {
    await mkdir(join(dir, ".scanform"));
    await mkdir(join(dir, "kept"));
    target = join(dir, "kept", "state.json");
    await symlink(target, path);
  });

  it("writes the state into the link's target, leaving the link in place", async () => {
    const v1 = await new LocalBackend(path).write(emptySnapshot("l"), undefined);
    await new LocalBackend(path).write(emptySnapshot("l"), v1);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(target, "utf8"))).toMatchObject({ lineage: "l", serial: 2 });
  });

  it("keeps the log, the lock and the temp files beside the target, not beside the link", async () => {
    const backend = new LocalBackend(path);
    const held = await backend.lock(who);
    await backend.append([{ put: entry("a") }], await backend.write(emptySnapshot("l"), undefined));
    expect((await readdir(join(dir, "kept"))).sort()).toEqual(["state.json", "state.json.lock", "state.json.log"]);
    expect(await readdir(join(dir, ".scanform"))).toEqual(["state.json"]);
    await held.release();
  });

  it("gives two links to one state one lock", async () => {
    const other = join(dir, "other.json");
    await symlink(target, other);
    const held = await new LocalBackend(path).lock(who);
    expect((await failure(new LocalBackend(other).lock(who))).code).toBe("STATE_LOCKED");
    await held.release();
  });
});

describe("local state behind a loop of symbolic links", () => {
  it("is refused as STATE_NOT_A_FILE naming the path, not a crash", async () => {
    await mkdir(join(dir, ".scanform"));
    await symlink(join(dir, "loop-b.json"), join(dir, "loop-a.json"));
    await symlink(join(dir, "loop-a.json"), join(dir, "loop-b.json"));
    const e = (() => {
      try {
        new LocalBackend(join(dir, "loop-a.json"));
        return undefined;
      } catch (thrown) {
        return thrown as { code?: string; message: string };
      }
    })();
    expect(e?.code).toBe("STATE_NOT_A_FILE");
    expect(e?.message).toContain("loop-a.json");
  });
});

describe("local lock lost under its holder", () => {
  it("says the lock is lost, as STATE_LOCK_LOST, once another run force-unlocks it", async () => {
    const a = new LocalBackend(path, { pollMs: 20, lockCheckMs: 20 });
    const b = new LocalBackend(path, { pollMs: 20 });
    const held = await a.lock(who);
    expect(held.lost?.aborted).toBe(false);
    await b.forceUnlock(held.info.id);
    await expect.poll(() => held.lost?.aborted).toBe(true);
    expect(held.lost?.reason).toMatchObject({ code: "STATE_LOCK_LOST", message: expect.stringContaining(held.info.id) });
    await held.release();
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it("leaves the log and the file of the run that took the lock since as they are when it releases", async () => {
    const a = new LocalBackend(path, { pollMs: 20 });
    const b = new LocalBackend(path, { pollMs: 20 });
    const lostA = await a.lock(who);
    const v1 = await a.append([{ put: entry("a") }], await a.write(emptySnapshot("l"), undefined));
    await b.forceUnlock(lostA.info.id);
    const heldB = await b.lock(who);
    const v2 = await b.append([{ put: entry("b") }], v1);
    const before = await Promise.all([readFile(path), readFile(`${path}.log`)]);

    await lostA.release();

    expect(await Promise.all([readFile(path), readFile(`${path}.log`)])).toEqual(before);
    await b.append([{ put: entry("c") }], v2);
    await heldB.release();
    expect(Object.keys((await new LocalBackend(path).read())!.resources)).toEqual(["hexiosec.scan.a", "hexiosec.scan.b", "hexiosec.scan.c"]);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it("stops writing under a lock it found lost: its next write asks for the lock like any other", async () => {
    const a = new LocalBackend(path, { pollMs: 20, lockCheckMs: 20 });
    const b = new LocalBackend(path, { pollMs: 20 });
    const lostA = await a.lock(who);
    const v1 = await a.write(emptySnapshot("l"), undefined);
    await b.forceUnlock(lostA.info.id);
    const heldB = await b.lock(who);
    await expect.poll(() => lostA.lost?.aborted).toBe(true);

    expect((await failure(a.append([{ put: entry("a") }], v1))).code).toBe("STATE_LOCKED");
    await heldB.release();
    await lostA.release();
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it("stays held while its lock file is its own", async () => {
    const a = new LocalBackend(path, { pollMs: 20, lockCheckMs: 20 });
    const held = await a.lock(who);
    await new Promise((r) => setTimeout(r, 100));
    expect(held.lost?.aborted).toBe(false);
    await held.release();
    await a.dispose();
  });
});
