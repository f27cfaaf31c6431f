import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import type { StateBackend } from "../../src/state/capabilities.js";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { journalEntry, stateEntry, withEntries } from "../state/fixtures.js";
import { PG_URL, describeWithPostgres, sql } from "../state/pg-env.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "scanform-cli-state-"));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `typed`: a terminal's stdin on which the person types this. */
async function scanform(argv: readonly string[], env: Record<string, string> = {}, typed?: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const stdin = typed === undefined ? {} : { stdin: Object.assign(new PassThrough().end(typed), { isTTY: true }) };
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { USER: "tester", ...env }, cwd, ...stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The pid of a process that has exited: a lock holder that is gone. */
const exitedPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid;

const shop = { ...stateEntry("qualys.webApp.shop", { name: "shop", url: "https://shop.example.com", tags: ["prod"] }), ids: { id: "4711" } };
const seeded = withEntries(emptySnapshot("lineage-1"), shop, stateEntry("cortex.scan.dc"), stateEntry("hexiosec.scan.corp"));

/** Manifests in `cwd/scans` with a local state block, and that state seeded. */
async function localWorkspace(): Promise<LocalBackend> {
  await mkdir(join(cwd, "scans"));
  await writeFile(join(cwd, "scans", "main.yaml"), "state: { backend: local }\n");
  const backend = new LocalBackend(join(cwd, "scans", ".scanform", "state.json"));
  await backend.write(seeded, undefined);
  return backend;
}

describe("scanform state (local)", () => {
  it("lists the addresses, sorted, one per line", async () => {
    await localWorkspace();
    expect(await scanform(["state", "list", "scans"])).toEqual({ code: EXIT.ok, stdout: "cortex.scan.dc\nhexiosec.scan.corp\nqualys.webApp.shop\n", stderr: "" });
  });

  it("finds the state beside the manifests when given a manifest file", async () => {
    await localWorkspace();
    expect((await scanform(["state", "list", "scans/main.yaml"])).stdout).toContain("qualys.webApp.shop\n");
  });

  it("lists nothing, successfully, when no state was written yet", async () => {
    await writeFile(join(cwd, "main.yaml"), "state: { backend: local }\n");
    expect(await scanform(["state", "list"])).toEqual({ code: EXIT.ok, stdout: "", stderr: "" });
  });

  it("shows an entry's ids, origin, protect, last run and spec", async () => {
    await localWorkspace();
    const { code, stdout } = await scanform(["state", "show", "qualys.webApp.shop", "scans"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatchInlineSnapshot(`
      "address: qualys.webApp.shop
      ids:
        id: "4711"
      origin: created
      protect: false
      lastRun: none
      updatedAt: 2026-01-01T00:00:00.000Z
      digest: sha256:qualys.webApp.shop
      spec:
        name: shop
        url: https://shop.example.com
        tags:
          - prod
      "
    `);
  });

  it("shows an entry as JSON with --json", async () => {
    await localWorkspace();
    const { stdout } = await scanform(["state", "show", "--json", "qualys.webApp.shop", "scans"]);
    expect(JSON.parse(stdout)).toMatchObject({ format_version: "2.0", address: "qualys.webApp.shop", ids: { id: "4711" }, spec: shop.spec });
  });

  it("fails to show an address the state does not hold, pointing at state list", async () => {
    await localWorkspace();
    const { code, stderr } = await scanform(["state", "show", "qualys.webApp.nope", "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("No resource qualys.webApp.nope in the state at");
    expect(stderr).toContain("`scanform state list`");
  });

  it("forgets an address with rm, leaving the others and bumping the serial", async () => {
    const backend = await localWorkspace();
    const { code, stdout } = await scanform(["state", "rm", "qualys.webApp.shop", "scans"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe("Removed qualys.webApp.shop (id 4711) from the state. The object at the vendor was not touched; scanform no longer manages it.\n");
    const after = (await backend.read())!;
    expect([after.serial, Object.keys(after.resources).sort()]).toEqual([2, ["cortex.scan.dc", "hexiosec.scan.corp"]]);
  });

  it("renames an address with mv, keeping its vendor ids", async () => {
    const backend = await localWorkspace();
    expect((await scanform(["state", "mv", "qualys.webApp.shop", "qualys.webApp.store", "scans"])).stdout).toBe("Moved qualys.webApp.shop to qualys.webApp.store.\n");
    expect((await backend.read())!.resources["qualys.webApp.store"]?.ids).toEqual({ id: "4711" });
  });

  it("exits with the lock exit code and names the holder when the state is locked", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", { USER: "alice" }) });
    const { code, stderr } = await scanform(["state", "rm", "qualys.webApp.shop", "scans"]);
    expect(code).toBe(EXIT.locked);
    expect(stderr).toContain(`is locked by alice on ${held.info.host} (pid ${process.pid}, operation "apply")`);
    expect(stderr).toContain(`scanform force-unlock ${held.info.id}`);
    expect(Object.keys((await backend.read())!.resources)).toContain("qualys.webApp.shop");
  });

  it("waits up to --lock-timeout for a held lock", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock(lockRequest("apply", {}));
    setTimeout(() => void held.release(), 150);
    const { code } = await scanform(["state", "mv", "qualys.webApp.shop", "qualys.webApp.store", "scans", "--lock-timeout", "10s"]);
    expect(code).toBe(EXIT.ok);
  });

  it("rejects a --lock-timeout that is not a duration", async () => {
    await localWorkspace();
    const { code, stderr } = await scanform(["state", "rm", "qualys.webApp.shop", "scans", "--lock-timeout", "soon"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("expected a duration like 500ms, 30s, 5m or 1h");
  });

  it("frees with --force a lock held on another host, saying whose it was", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", { USER: "alice" }), host: "ci-7" });
    const { code, stdout } = await scanform(["force-unlock", held.info.id, "scans", "--force"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(`Freed the state lock at ${backend.describe}; it was held by alice on ci-7`);
    expect(await backend.lockInfo()).toBeUndefined();
  });

  it("frees with --force a lock whose process on this host is gone", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", {}), pid: exitedPid() });
    expect((await scanform(["force-unlock", held.info.id, "scans", "--force"])).code).toBe(EXIT.ok);
    expect(await backend.lockInfo()).toBeUndefined();
  });

  it("refuses force-unlock, even with --force, while the holder runs on this host, and keeps the lock", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock(lockRequest("apply", { USER: "alice" }));
    const { code, stderr } = await scanform(["force-unlock", held.info.id, "scans", "--force"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain(`held by alice on ${held.info.host} (pid ${process.pid}, operation "apply")`);
    expect(stderr).toContain("that process is still running on this host.");
    expect(await backend.lockInfo()).toEqual(held.info);
  });

  it("refuses force-unlock without --force when it cannot ask, naming --force, and keeps the lock", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", {}), host: "ci-7" });
    const { code, stderr } = await scanform(["force-unlock", held.info.id, "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain(`scanform force-unlock ${held.info.id} --force`);
    expect(await backend.lockInfo()).toEqual(held.info);
  });

  it("asks on a terminal and frees the lock on yes", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", {}), host: "ci-7" });
    const { code, stdout } = await scanform(["force-unlock", held.info.id, "scans"], {}, "yes\n");
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("Only 'yes' will be accepted to approve.");
    expect(await backend.lockInfo()).toBeUndefined();
  });

  it("asks on a terminal and keeps the lock on any other answer, or none", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock({ ...lockRequest("apply", {}), host: "ci-7" });
    for (const typed of ["y\n", ""]) {
      const { code, stderr } = await scanform(["force-unlock", held.info.id, "scans"], {}, typed);
      expect([code, stderr]).toEqual([EXIT.error, "Force-unlock cancelled: the lock is still held.\n"]);
    }
    expect(await backend.lockInfo()).toEqual(held.info);
  });

  it("refuses force-unlock with a wrong id and keeps the lock", async () => {
    const backend = await localWorkspace();
    const held = await backend.lock(lockRequest("apply", {}));
    const { code, stderr } = await scanform(["force-unlock", "wrong", "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("Lock ID wrong does not hold the state");
    expect(await backend.lockInfo()).toEqual(held.info);
  });

  it("reports manifest problems instead of guessing a state", async () => {
    await writeFile(join(cwd, "main.yaml"), "state: { backend: sqlite }\n");
    const { code, stderr } = await scanform(["state", "list"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("main.yaml");
  });
});

describe("scanform state journal (local)", () => {
  const create = journalEntry("j-1", "qualys.webApp.blog", { naturalKey: "blog", startedAt: "2026-11-24T09:00:00.000Z" });
  const launch = journalEntry("j-22", "cortex.scan.dc", { operation: "launch", naturalKey: "run-key-7", specDigest: "sha256:dc", startedAt: "2026-11-24T09:00:00.000Z" });

  /** localWorkspace, with both entries left open by a killed apply. */
  async function killedApply(): Promise<LocalBackend> {
    const backend = await localWorkspace();
    await backend.write({ ...seeded, serial: 1, journal: [create, launch] }, { lineage: "lineage-1", serial: 1 });
    return backend;
  }

  it("lists the open entries: id, address, operation, natural key, started", async () => {
    await killedApply();
    expect(await scanform(["state", "journal", "scans"])).toEqual({
      code: EXIT.ok,
      stdout: [
        "ID    ADDRESS             OPERATION  NATURAL KEY  STARTED",
        "j-1   qualys.webApp.blog  create     blog         2026-11-24T09:00:00.000Z",
        "j-22  cortex.scan.dc      launch     run-key-7    2026-11-24T09:00:00.000Z",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("says so when no entry is open", async () => {
    await localWorkspace();
    expect((await scanform(["state", "journal", "scans"])).stdout).toBe("No open journal entries: every create and launch scanform sent is recorded.\n");
  });

  it("resolve --landed records a create with the id the console shows and closes its entry", async () => {
    const backend = await killedApply();
    const { code, stdout } = await scanform(["state", "journal", "resolve", "j-1", "--landed", "4712", "scans"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe("Recorded qualys.webApp.blog as created at qualys [id=4712] and closed journal entry j-1. Run `scanform plan` to see what is left to do.\n");
    const after = (await backend.read())!;
    expect([after.resources["qualys.webApp.blog"]?.ids, after.resources["qualys.webApp.blog"]?.origin, after.journal]).toEqual([{ id: "4712" }, "created", [launch]]);
  });

  it("resolve --landed refuses an id state records for another address: two addresses would hold one object, and removing one would delete the other's", async () => {
    const backend = await killedApply();
    const held = (await backend.read())!.resources["qualys.webApp.shop"]!.ids["id"]!;
    const { code, stderr } = await scanform(["state", "journal", "resolve", "j-1", "--landed", held, "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("qualys.webApp.shop");
    expect((await backend.read())!.journal).toEqual([create, launch]);
  });

  it("resolve --landed --run records a launch's run as the scan's last run", async () => {
    const backend = await killedApply();
    const { code, stdout } = await scanform(["state", "journal", "resolve", "j-22", "--landed", "id-cortex.scan.dc", "--run", "9", "scans"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe("Recorded run 9 as the last run of cortex.scan.dc and closed journal entry j-22.\n");
    const after = (await backend.read())!;
    expect([after.resources["cortex.scan.dc"]?.lastRun, after.journal]).toEqual([{ id: "9", launchedAt: launch.startedAt, specDigest: "sha256:dc" }, [create]]);
  });

  it("resolve --run refuses a run id the vendor never issues, such as text pasted from the console", async () => {
    const backend = await killedApply();
    const { code, stderr } = await scanform(["state", "journal", "resolve", "j-22", "--landed", "id-cortex.scan.dc", "--run", "run ID: 7000", "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("run ID: 7000");
    expect((await backend.read())!.journal).toEqual([create, launch]);
  });

  it("resolve --absent closes the entry and records nothing", async () => {
    const backend = await killedApply();
    const { stdout } = await scanform(["state", "journal", "resolve", "j-1", "--absent", "scans"]);
    expect(stdout).toBe("Closed journal entry j-1: the create of qualys.webApp.blog never reached qualys, so the next apply creates it.\n");
    const after = (await backend.read())!;
    expect([Object.keys(after.resources).sort(), after.journal]).toEqual([["cortex.scan.dc", "hexiosec.scan.corp", "qualys.webApp.shop"], [launch]]);
  });

  it.each([
    [["j-1"], "Say what qualys shows for qualys.webApp.blog: --landed VENDOR_ID if the create reached it, or --absent if it did not."],
    [["j-1", "--landed", "4712", "--run", "r-1"], "Journal entry j-1 is a create, which has no run"],
    [["j-22", "--landed", "id-cortex.scan.dc"], "Journal entry j-22 is a launch: pass the run's id with --run RUN_ID as well."],
    [["j-22", "--landed", "r-9", "--run", "r-9"], "r-9 is not the id of cortex.scan.dc, which the state records as id=id-cortex.scan.dc."],
    [["j-9", "--absent"], "has no open journal entry j-9"],
  ])("resolve %j is refused and changes nothing: %s", async (args, message) => {
    const backend = await killedApply();
    const { code, stderr } = await scanform(["state", "journal", "resolve", ...args, "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain(message);
    expect((await backend.read())!.serial).toBe(2);
  });

  it("refuses --landed together with --absent", async () => {
    await killedApply();
    const { code, stderr } = await scanform(["state", "journal", "resolve", "j-1", "--landed", "4712", "--absent", "scans"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("cannot be used with option '--absent'");
  });

  it("resolve exits with the lock exit code while another run holds the lock", async () => {
    const backend = await killedApply();
    await backend.lock(lockRequest("apply", { USER: "alice" }));
    const { code, stderr } = await scanform(["state", "journal", "resolve", "j-1", "--absent", "scans"]);
    expect(code).toBe(EXIT.locked);
    expect(stderr).toContain("is locked by alice");
    expect((await backend.read())!.journal).toHaveLength(2);
  });
});

describeWithPostgres("scanform state (postgres)", () => {
  const workspace = `cli-${randomBytes(5).toString("hex")}`;
  let backend: StateBackend;
  beforeEach(async () => {
    await writeFile(join(cwd, "main.yaml"), `state: { backend: postgres, url: "\${SCANFORM_PG_URL}", workspace: ${workspace} }\n`);
    backend = await openPostgresBackend({ url: PG_URL, workspace });
    await backend.write(seeded, undefined);
  });
  afterEach(async () => {
    await backend.dispose();
    await sql("DELETE FROM scanform_states WHERE workspace = $1", [workspace]);
  });

  it("lists the addresses of the workspace the manifests name", async () => {
    expect(await scanform(["state", "list"], { SCANFORM_PG_URL: PG_URL })).toEqual({ code: EXIT.ok, stdout: "cortex.scan.dc\nhexiosec.scan.corp\nqualys.webApp.shop\n", stderr: "" });
  });

  it("exits with the lock exit code while another session holds the workspace's lock", async () => {
    const held = await backend.lock(lockRequest("apply", { USER: "alice" }));
    const { code, stderr } = await scanform(["state", "rm", "cortex.scan.dc"], { SCANFORM_PG_URL: PG_URL });
    expect(code).toBe(EXIT.locked);
    expect(stderr).toContain(`lock ID ${held.info.id}`);
    await held.release();
  });

  it("says which variable is missing when the state url needs one", async () => {
    const { code, stderr } = await scanform(["state", "list"]);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("SCANFORM_PG_URL");
  });
});
