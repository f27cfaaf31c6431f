import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerPlan } from "../../src/cli/plan.js";
import { registerShow } from "../../src/cli/show.js";
import { readPlanFile } from "../../src/plan/plan-file.js";
import type { CliIO } from "../../src/cli/io.js";
import { ScanformError } from "../../src/core/errors.js";
import { digest } from "../../src/core/json.js";
import type { ReadBack } from "../../src/vendors/driver.js";
import { journalEntry } from "../state/fixtures.js";
import { entry, fakeWorkspace, NOW, observed, resource, snapshot, type FakeWorkspaceSetup } from "../plan/fakes.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "scanform-cli-plan-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The program as main.ts builds it, with the plan and show commands over a fake workspace. */
async function run(argv: readonly string[], setup: FakeWorkspaceSetup, options: { env?: Record<string, string>; tty?: boolean } = {}): Promise<Run & { ws: ReturnType<typeof fakeWorkspace> }> {
  const ws = fakeWorkspace(setup);
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty === true },
    stderr: { write: (s: string) => (stderr += s) },
    env: options.env ?? {},
    cwd,
  };
  let code = 0;
  const program = new Command("scanform").exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  registerPlan(ws.open, { now: () => NOW })(program, io, (c) => (code = c));
  registerShow(program, io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode === 0 ? 0 : 1;
  }
  return { code, stdout, stderr, ws };
}

const app = { url: "https://shop.example.com", tags: ["prod"] };
const inSync: FakeWorkspaceSetup = {
  resources: [resource("qualys.webApp.shop", app)],
  state: snapshot([entry("qualys.webApp.shop", app)]),
  objects: [observed("qualys.webApp.shop", app)],
};
const oneCreate: FakeWorkspaceSetup = { ...inSync, resources: [...inSync.resources, resource("qualys.webApp.blog", { url: "https://blog.example.com" })] };

describe("scanform plan", () => {
  it("prints the plan and exits 0", async () => {
    const r = await run(["plan"], oneCreate);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  + qualys.webApp.blog");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("Plan: 1 to add, 0 to change, 0 to destroy, 0 to launch.");
  });

  it("exits 2 with --detailed-exitcode when there are changes", async () => {
    expect((await run(["plan", "--detailed-exitcode"], oneCreate)).code).toBe(2);
  });

  it("exits 0 with --detailed-exitcode when there are none", async () => {
    const r = await run(["plan", "--detailed-exitcode"], inSync);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No changes. The vendors match the manifests.\n");
  });

  it("exits 1 and prints no plan when the plan has errors, with where and what to do", async () => {
    const r = await run(["plan", "--detailed-exitcode"], { resources: [resource("qualys.webApp.shop", app, { line: 9 })], objects: [observed("qualys.webApp.shop", app, { match: "name" })] });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Error: qualys.webApp.shop: a webApp named \"shop\" already exists at qualys");
    expect(r.stderr).toContain("  at scans/main.yaml:9:5 (qualys.webApps.shop)\n  Set `adopt: true`");
  });

  it("exits 1 when a vendor cannot be read, and says so once", async () => {
    const r = await run(["plan"], { ...oneCreate, fail: { qualys: new ScanformError("HTTP_AUTH", "401 Unauthorized") } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: Reading qualys failed: 401 Unauthorized\n");
  });

  it("exits 1 when the workspace cannot be opened", async () => {
    const r = await run(["plan"], { ...inSync, openError: new ScanformError("MANIFEST_INVALID", "scans/a.yaml:3:1: unknown key", { hint: "Remove it." }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: scans/a.yaml:3:1: unknown key\n  Remove it.\n");
  });

  it("closes the workspace, also after an error", async () => {
    const ok = await run(["plan"], inSync);
    const failed = await run(["plan"], { ...inSync, fail: { qualys: new ScanformError("HTTP_AUTH", "401") } });
    expect([ok.ws.closed, failed.ws.closed]).toEqual([1, 1]);
  });

  it("opens the paths given, the current directory by default, and passes --debug on", async () => {
    const a = await run(["plan", "scans/", "more.yaml", "--debug"], inSync);
    const b = await run(["plan"], inSync);
    expect([...a.ws.opened, ...b.ws.opened]).toEqual([
      { paths: ["scans/", "more.yaml"], debug: true },
      { paths: ["."], debug: false },
    ]);
  });

  it("prints JSON with --json", async () => {
    const r = await run(["plan", "--json"], oneCreate);
    expect(JSON.parse(r.stdout)).toMatchObject({ format_version: "1.2", summary: { add: 1 } });
  });

  it("prints Markdown with --markdown", async () => {
    const r = await run(["plan", "--markdown"], oneCreate);
    expect(r.stdout.split("\n")[0]).toBe("**Plan: 1 to add, 0 to change, 0 to destroy, 0 to launch.**");
  });

  it("refuses --json together with --markdown", async () => {
    const r = await run(["plan", "--json", "--markdown"], oneCreate);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot be used with option '--markdown'");
  });

  it("plans only --target addresses", async () => {
    const r = await run(["plan", "--target", "qualys.webApp.blog", "--json"], { ...oneCreate, state: snapshot([entry("qualys.webApp.shop", { ...app, tags: [] })]) });
    expect((JSON.parse(r.stdout) as { resource_changes: { address: string }[] }).resource_changes.map((c) => c.address)).toEqual(["qualys.webApp.blog"]);
  });

  it("marks a targeted plan with nothing to do for its targets as partial, not as matching the vendors", async () => {
    const r = await run(["plan", "--target", "qualys.webApp.shop", "--detailed-exitcode", "--json"], oneCreate);
    const json = JSON.parse(r.stdout) as { summary: { line: string }; targets: string[]; warnings: { code: string }[] };
    expect(json.summary.line).not.toContain("The vendors match the manifests");
    expect(json.targets).toEqual(["qualys.webApp.shop"]);
    expect(json.warnings.map((w) => w.code)).toContain("PLAN_TARGETED");
    expect(r.code).toBe(0);
  });

  it("refuses a --target that is not an address", async () => {
    const r = await run(["plan", "--target", "shop"], oneCreate);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("expected an address like qualys.webApp.shop");
  });

  it("reads no vendor with --refresh=false", async () => {
    const r = await run(["plan", "--refresh=false"], oneCreate);
    expect(r.code).toBe(0);
    expect(r.ws.connected).toEqual([]);
    expect(r.stdout).toContain("The vendors were not read (--refresh=false)");
  });

  it("colours the plan on a terminal only, and never with --no-color or NO_COLOR", async () => {
    const esc = "\u001b[";
    const runs = await Promise.all([
      run(["plan"], oneCreate, { tty: true }),
      run(["plan"], oneCreate),
      run(["plan", "--no-color"], oneCreate, { tty: true }),
      run(["plan"], oneCreate, { tty: true, env: { NO_COLOR: "1" } }),
    ]);
    expect(runs.map((r) => r.stdout.includes(esc))).toEqual([true, false, false, false]);
  });

  it("appends the Markdown to GITHUB_STEP_SUMMARY when it is set", async () => {
    const summary = join(cwd, "summary.md");
    await writeFile(summary, "# earlier step\n");
    await run(["plan"], oneCreate, { env: { GITHUB_STEP_SUMMARY: summary } });
    const text = await readFile(summary, "utf8");
    expect(text.startsWith("# earlier step\n**Plan: 1 to add, 0 to change, 0 to destroy, 0 to launch.**\n")).toBe(true);
  });

  it("warns and keeps the plan's exit code when GITHUB_STEP_SUMMARY cannot be written", async () => {
    const r = await run(["plan", "--detailed-exitcode"], oneCreate, { env: { GITHUB_STEP_SUMMARY: join(cwd, "missing", "summary.md") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Cannot append to the job summary (GITHUB_STEP_SUMMARY)");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("scanform plan --out and scanform show", () => {
  it("saves the plan, and show prints it as plan did", async () => {
    const planned = await run(["plan", "--out", "tf.plan"], oneCreate);
    expect(planned.stdout).toContain("Saved the plan to tf.plan. To apply exactly these changes, run:\n    scanform apply tf.plan\n");
    const shown = await run(["show", "tf.plan"], oneCreate);
    expect(shown.code).toBe(0);
    expect(planned.stdout.startsWith(shown.stdout)).toBe(true);
  });

  it("records the manifest paths the plan was made from, which apply of the file opens again", async () => {
    await run(["plan", "scans/", "--out", "tf.plan"], oneCreate);
    expect((await readPlanFile(join(cwd, "tf.plan"))).paths).toEqual(["scans/"]);
    await run(["plan", "--out", "here.plan"], oneCreate);
    expect((await readPlanFile(join(cwd, "here.plan"))).paths).toEqual(["."]);
  });

  it("show --json prints what plan --json printed", async () => {
    const planned = await run(["plan", "--json", "--out", "tf.plan"], oneCreate);
    const shown = await run(["show", "--json", "tf.plan"], oneCreate);
    expect(shown.stdout).toBe(planned.stdout);
    expect(planned.stderr).toContain("Saved the plan to tf.plan");
  });

  it("show --markdown prints the PR comment", async () => {
    await run(["plan", "--out", "tf.plan"], oneCreate);
    expect((await run(["show", "--markdown", "tf.plan"], oneCreate)).stdout.split("\n")[0]).toBe("**Plan: 1 to add, 0 to change, 0 to destroy, 0 to launch.**");
  });

  it("show exits 1 for a file that is not there", async () => {
    const r = await run(["show", "nope.plan"], oneCreate);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Cannot read the plan file");
  });

  it("saves no plan when planning failed", async () => {
    await run(["plan", "--out", "tf.plan"], { ...oneCreate, fail: { qualys: new ScanformError("HTTP_AUTH", "401") } });
    await expect(readFile(join(cwd, "tf.plan"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("never writes a credential into the saved plan", async () => {
    const canary = { QUALYS_USERNAME: "canary-user-7f3a", QUALYS_PASSWORD: "canary-pass-9b1c" };
    const leaky = observed("qualys.webApp.shop", { ...app, authRecord: { password: canary.QUALYS_PASSWORD } });
    await run(["plan", "--out", "tf.plan", "--json"], {
      ...oneCreate,
      vendors: { qualys: { url: "https://qualys.example.com", username: "${QUALYS_USERNAME}", password: "${QUALYS_PASSWORD}" } },
      objects: [leaky],
    }, { env: canary });
    const saved = await readFile(join(cwd, "tf.plan"), "utf8");
    expect(saved).toContain("qualys.webApp.blog");
    expect(saved).not.toContain("canary");
  });
});

describe("scanform plan after an apply was killed with a journal entry open", () => {
  const blog = { url: "https://blog.example.com" };
  const openCreate = journalEntry("j-1", "qualys.webApp.blog", { naturalKey: "blog", specDigest: digest({ name: "blog", ...blog }), startedAt: "2026-11-24T09:00:00.000Z" });
  /** oneCreate, with blog's create sent by the killed apply; the vendor answers the read-back with `found`. */
  const killed = (found: ReadBack, atVendor: boolean): FakeWorkspaceSetup => ({
    ...oneCreate,
    state: { ...snapshot([entry("qualys.webApp.shop", app)]), journal: [openCreate] },
    objects: [observed("qualys.webApp.shop", app), ...(atVendor ? [observed("qualys.webApp.blog", blog)] : [])],
    readBack: (e) => (e.naturalKey === "blog" ? found : { outcome: "absent" }),
  });
  const landed = killed({ outcome: "landed", ids: { id: "id-blog" } }, true);

  it("counts a create that landed as made, not as a same-named object it does not own", async () => {
    const r = await run(["plan", "--detailed-exitcode"], landed);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No changes. The vendors match the manifests.\n");
  });

  it("plans the create again when it did not land", async () => {
    const r = await run(["plan"], killed({ outcome: "absent" }, false));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  + qualys.webApp.blog");
  });

  it("writes nothing: the entry stays open and the serial stays put", async () => {
    const r = await run(["plan"], landed);
    const backend = r.ws.backends[0]!;
    expect(backend.writes()).toBe(0);
    expect((await backend.read())?.journal).toEqual([openCreate]);
  });

  it("saves the plan with the serial of the state as stored", async () => {
    await run(["plan", "--out", "tf.plan"], landed);
    const saved = JSON.parse(await readFile(join(cwd, "tf.plan"), "utf8")) as { state: { serial: number } };
    expect(saved.state.serial).toBe(7);
  });

  it("counts a launch that landed as the last run, so launch: on-change asks for no new one", async () => {
    const ci = { type: "VULNERABILITY" };
    const spec = { name: "ci", ...ci };
    const launch = journalEntry("j-2", "qualys.scan.ci", { operation: "launch", naturalKey: "run-key-1", specDigest: digest(spec) });
    const r = await run(["plan"], {
      resources: [resource("qualys.scan.ci", ci, { launch: "on-change" })],
      state: { ...snapshot([entry("qualys.scan.ci", ci)]), journal: [launch] },
      objects: [observed("qualys.scan.ci", ci)],
      readBack: () => ({ outcome: "landed", ids: {}, runId: "r-1" }),
    });
    expect(r.stdout).toBe("No changes. The vendors match the manifests.\n");
  });

  it("is an error when the vendor cannot tell, naming the address, what to check and how to resolve it by hand", async () => {
    const dc = journalEntry("j-1", "cortex.scan.dc", { naturalKey: "dc", startedAt: openCreate.startedAt });
    const r = await run(["plan", "--out", "tf.plan"], {
      resources: [resource("cortex.scan.dc", { targets: ["10.0.0.0/24"] })],
      state: { ...snapshot([]), journal: [dc] },
      readBack: () => ({ outcome: "unknowable", message: "cortex cannot list scan definitions" }),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "Error: cortex.scan.dc: a create sent at 2026-11-24T09:00:00.000Z may or may not have reached cortex, and scanform cannot tell: cortex cannot list scan definitions.\n" +
        '  Look in the cortex console for a scan named "dc", then record what you found: if it is there, ' +
        "`scanform state journal resolve j-1 --landed ID` with the id cortex shows for it; if not, `scanform state journal resolve j-1 --absent`. Until then nothing is done for cortex.scan.dc.\n",
    );
    await expect(readFile(join(cwd, "tf.plan"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("with --refresh=false reads nothing back, and warns that the plan assumes the call did not land", async () => {
    const r = await run(["plan", "--refresh=false"], landed);
    expect(r.ws.connected).toEqual([]);
    expect(r.stdout).toContain("  + qualys.webApp.blog");
    expect(r.stdout).toContain("qualys.webApp.blog: a create sent at 2026-11-24T09:00:00.000Z by an interrupted apply was not read back (--refresh=false)");
  });
});
