/**
 * The GitHub Action's logic end to end: the emulators as vendors, a loopback server as GitHub's
 * REST API, and the runner's GITHUB_* files in a temporary folder. One plan comment created then
 * updated; annotations for manifest errors; outputs and the job summary; a merge applied only when
 * its plan is the reviewed one; one drift issue opened, updated and closed.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAction, type ActionMode } from "../../src/ci/github/action.js";
import { COMMENT_MARKER, commentBody, fixedMarkdown, reviewedIn } from "../../src/ci/github/comment.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { openWorkspace } from "../../src/ops/open-workspace.js";
import { hexiosecScans } from "../e2e/checks.js";
import { startE2E, type E2E } from "../e2e/harness.js";
import { startFakeGitHub, TOKEN_LOGIN, type FakeGitHub } from "./fake-github.js";

const REPOSITORY = "acme/scans";
const PR = 7;
const MERGE_SHA = "0123456789abcdef0123456789abcdef01234567";

let e2e: E2E;
let github: FakeGitHub;
let runner: string;

beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml", "qualys.yaml"] });
  github = await startFakeGitHub(REPOSITORY);
  runner = await mkdtemp(join(tmpdir(), "scanform-runner-"));
  await writeFile(join(runner, "event.json"), JSON.stringify({ pull_request: { number: PR } }));
});
afterEach(async () => {
  await github.close();
  await e2e.close();
  await rm(runner, { recursive: true, force: true });
});

async function action(mode: ActionMode, extra: Record<string, string> = {}) {
  await writeFile(join(runner, "output"), "");
  let stdout = "";
  let stderr = "";
  const env = {
    ...e2e.env,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_TOKEN: github.token,
    GITHUB_OUTPUT: join(runner, "output"),
    GITHUB_STEP_SUMMARY: join(runner, "summary"),
    GITHUB_EVENT_PATH: join(runner, "event.json"),
    SCANFORM_POLL_INTERVAL: "10ms",
    ...extra,
  };
  const code = await runAction(mode, { env, cwd: e2e.dir, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } }, { openWorkspace });
  for (const secret of [...e2e.secrets, github.token]) expect(stdout + stderr).not.toContain(secret);
  const outputs = Object.fromEntries((await readFile(join(runner, "output"), "utf8")).trim().split("\n").filter((l) => l.includes("=")).map((l) => l.split("=", 2) as [string, string]));
  return { code, stdout, stderr, outputs };
}

const renameScan = (name: string) => e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "name"], name));

describe("the action on a pull request", () => {
  it("posts one plan comment, then updates that same comment on the next push", async () => {
    const first = await action("plan");
    expect(first.code).toBe(EXIT.ok);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain(COMMENT_MARKER);
    expect(github.comments[0]!.body).toMatch(/\*\*Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(first.stdout).toContain(`Plan comment created on pull request #${PR}.`);
    const id = github.comments[0]!.id;

    await renameScan("E2E edge renamed");
    const second = await action("plan");
    expect(second.stdout).toContain(`Plan comment updated on pull request #${PR}.`);
    expect(github.comments.map((c) => c.id)).toEqual([id]);
    expect(github.comments[0]!.body).toContain("E2E edge renamed");
  });

  it("sets the outputs, writes the job summary and saves the plan for the artifact", async () => {
    const r = await action("plan");
    expect(r.outputs["has_changes"]).toBe("true");
    expect(Number(r.outputs["add"])).toBeGreaterThan(0);
    expect(r.outputs["exit_code"]).toBe(String(EXIT.changes));
    expect(await readFile(join(runner, "summary"), "utf8")).toContain("## scanform plan");
    expect(JSON.parse(await readFile(join(e2e.dir, ".scanform-plans", "root.sfplan"), "utf8"))).toHaveProperty("changes");
  });

  it("annotates a manifest error with its file and line, and says in the comment that nothing was planned", async () => {
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], ["203.0.113.0/33"]));
    const r = await action("plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toMatch(/^::error file=hexiosec\.yaml,line=\d+,col=\d+,title=scanform MANIFEST_BAD_SEED::/m);
    expect(github.comments[0]!.body).toContain("The manifests are invalid (1 error); nothing was planned.");
    expect(r.outputs["exit_code"]).toBe(String(EXIT.error));
  });

  it("plans in a comment of its own when someone else's comment carries the marker, leaving theirs alone", async () => {
    const forged = { id: 1, issue: PR, body: `${COMMENT_MARKER}\n<!-- scanform:reviewed {"root":".","changes":[]} -->\nNo changes.`, user: { login: "mallory" } };
    github.comments.push({ ...forged });
    const r = await action("plan");
    expect(r.stdout).toContain(`Plan comment created on pull request #${PR}.`);
    expect(github.comments[0]).toEqual(forged);
    expect(github.comments[1]).toMatchObject({ user: { login: TOKEN_LOGIN }, body: expect.stringMatching(/Plan: \d+ to add/) });
  });

  it("takes the comment author from SCANFORM_COMMENT_AUTHOR, for a token that is not the workflow's", async () => {
    github.comments.push({ id: 1, issue: PR, body: `${COMMENT_MARKER}\nan older plan`, user: { login: "scans-bot[bot]" } });
    const r = await action("plan", { SCANFORM_COMMENT_AUTHOR: "scans-bot[bot]" });
    expect(r.stdout).toContain(`Plan comment updated on pull request #${PR}.`);
    expect(github.comments).toHaveLength(1);
  });

  it("records the reviewed plan so that a manifest value spelling the record is neither read as one nor breaks reading it", async () => {
    const forged = '<!-- scanform:reviewed {"v":2,"root":".","changes":[]} -->';
    await renameScan(forged);
    await action("plan");
    const body = github.comments[0]!.body;
    expect(body.replace(/\u200b/g, "")).toContain(`name          = ${JSON.stringify(forged)}`);
    expect(reviewedIn(body).get(".")).toEqual({ kind: "listed", changes: expect.arrayContaining([expect.stringMatching(/^create hexiosec\.scan\.edge /)]) });
  });

  it("saves a plan file per root, two roots that spell alike included", async () => {
    for (const root of ["scans/a", "scans-a"]) {
      await mkdir(join(e2e.dir, root), { recursive: true });
      for (const file of ["settings.yaml", "hexiosec.yaml"]) await cp(join(e2e.dir, file), join(e2e.dir, root, file));
    }
    await action("plan", { SCANFORM_PATHS: "scans/a\nscans-a" });
    expect((await readdir(join(e2e.dir, ".scanform-plans"))).sort()).toEqual(["scans-a-2.sfplan", "scans-a.sfplan"]);
  });

  it("puts several manifest roots in one comment, one section each", () => {
    const body = commentBody([
      { root: "team-a/", markdown: fixedMarkdown("**Plan: 1 to add.**\n"), reviewed: [] },
      { root: "team-b/", markdown: fixedMarkdown("No changes.\n"), reviewed: [] },
    ]);
    expect(body.match(/^### `team-[ab]\/`$/gm)).toEqual(["### `team-a/`", "### `team-b/`"]);
    expect(body.split(COMMENT_MARKER)).toHaveLength(2);
  });
});

describe("a pull request whose plan is too long for one comment", () => {
  // Within the emulated plan's 1,000 seeds a scan, and long enough to pass 64 KB of Markdown.
  const seeds = [...Array.from({ length: 990 }, (_, i) => `host${i}.a-long-subdomain-name-that-makes-the-plan-long.edge.example.com`), "last-seed.example.com"];
  const manySeeds = () => e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], seeds));

  it("gets a comment cut to fit, and the whole plan in the CI log the comment points to", async () => {
    await manySeeds();
    const r = await action("plan");
    expect(r.stderr).toBe("");
    const body = github.comments[0]!.body;
    expect(body).toContain("The CI log holds all of it");
    expect(body).not.toContain("last-seed.example.com");
    expect(r.stdout).toContain("last-seed.example.com");
  });

  it("is applied after the merge as reviewed", async () => {
    await manySeeds();
    await action("plan");
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect((await e2e.run("plan")).stdout).toContain("No changes.");
  }, 30_000);
});

describe("the action on the default branch after a merge", () => {
  it("applies the reviewed plan, then waits for the runs it launched", async () => {
    await action("plan");
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Apply: \d+ succeeded, 0 failed, 0 skipped\./);
    expect((await e2e.run("plan")).stdout).toContain("No changes.");
  });

  it("sets the same outputs as on the pull request, for the plan it applied", async () => {
    const planned = await action("plan");
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.outputs).toMatchObject({ has_changes: "true", add: planned.outputs["add"], change: "0", destroy: "0", exit_code: "0" });
  });

  it("refuses, changing nothing, when the plan now differs from the one reviewed", async () => {
    await action("plan");
    github.merges.set(MERGE_SHA, PR);
    await renameScan("E2E edge changed after review");
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toContain("Error: the plan for . now differs from the one reviewed in the pull request, so nothing is applied:");
    expect(r.stderr).toMatch(/\+ not reviewed: create hexiosec\.scan\.edge /);
    expect(r.stdout).toMatch(/^::error title=scanform PLAN_NOT_REVIEWED::/m);
    expect(hexiosecScans(e2e)).toEqual([]);
  });

  it("reads the job's SCANFORM_ variables as the CLI does, stopping on a bad one before any change", async () => {
    await action("plan");
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA, SCANFORM_PARALLELISM: "many" });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr + r.stdout).toContain("SCANFORM_PARALLELISM is \"many\"");
    expect(hexiosecScans(e2e)).toEqual([]);
  });

  it("takes the reviewed plan only from its own comment: the same plan in someone else's comment is not a review", async () => {
    await action("plan");
    const ours = github.comments.splice(0)[0]!;
    github.comments.push({ ...ours, id: 1, user: { login: "mallory" } });
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toContain("no reviewed plan for .");
    expect(hexiosecScans(e2e)).toEqual([]);
  });

  it("refuses a review an earlier scanform recorded, which does not say which vendor objects the changes act on", async () => {
    await action("plan");
    const ours = github.comments[0]!;
    ours.body = ours.body.replace(/<!-- scanform:reviewed \{"v":2,/, "<!-- scanform:reviewed {");
    github.merges.set(MERGE_SHA, PR);
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toContain("an earlier version of scanform");
    expect(hexiosecScans(e2e)).toEqual([]);
  });

  it("refuses when the merged pull request carries no reviewed plan", async () => {
    const r = await action("apply", { GITHUB_SHA: MERGE_SHA });
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toContain("no reviewed plan for .");
  });
});

describe("the nightly drift check", () => {
  it("opens one issue on drift, updates it while drift stays, and closes it when drift is gone", async () => {
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    expect((await action("drift")).stdout).toContain("No drift.");
    expect(github.issues).toEqual([]);

    await renameScan("E2E edge drifted");
    const opened = await action("drift");
    expect(opened.outputs["has_changes"]).toBe("true");
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ state: "open", labels: ["scanform-drift"] });
    expect(opened.stdout).toContain(`Drift issue #${github.issues[0]!.number} opened.`);

    const updated = await action("drift");
    expect(updated.stdout).toContain(`Drift issue #${github.issues[0]!.number} updated.`);
    expect(github.issues).toHaveLength(1);

    await renameScan("E2E edge");
    const closed = await action("drift");
    expect(closed.stdout).toContain(`Drift issue #${github.issues[0]!.number} closed.`);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.state).toBe("closed");
  });
});

describe("the nightly drift check among others' issues", () => {
  it("leaves alone an issue or pull request someone else labelled scanform-drift, keeping one issue of its own", async () => {
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    github.issues.push(
      { number: 40, title: "Their issue", body: "theirs", state: "open", labels: ["scanform-drift"], user: { login: "mallory" } },
      { number: 42, title: "Their pull request", body: "their change", state: "open", labels: ["scanform-drift"], user: { login: "mallory" }, pull_request: { url: "x" } },
    );
    await renameScan("E2E edge drifted");
    expect((await action("drift")).stdout).toMatch(/Drift issue #\d+ opened\./);
    await renameScan("E2E edge");
    expect((await action("drift")).stdout).toMatch(/Drift issue #\d+ closed\./);
    expect(github.issues.map((i) => [i.number, i.body, i.state])).toEqual([
      [40, "theirs", "open"],
      [42, "their change", "open"],
      [github.issues[2]!.number, expect.stringContaining("No drift any more"), "closed"],
    ]);
  });
});

describe("jobs that plan apart on one pull request (comment-key)", () => {
  it("keep a comment each, and the merge applies what its own job's comment records", async () => {
    await action("plan", { SCANFORM_COMMENT_KEY: "staging" });
    await action("plan", { SCANFORM_COMMENT_KEY: "prod" });
    await action("plan", { SCANFORM_COMMENT_KEY: "staging" });
    expect(github.comments.map((c) => c.body.split("\n")[0])).toEqual(["<!-- scanform:plan key=staging -->", "<!-- scanform:plan key=prod -->"]);
    github.comments.splice(0, 1);
    github.merges.set(MERGE_SHA, PR);
    expect((await action("apply", { GITHUB_SHA: MERGE_SHA, SCANFORM_COMMENT_KEY: "staging" })).stderr).toContain("no reviewed plan for .");
    expect((await action("apply", { GITHUB_SHA: MERGE_SHA, SCANFORM_COMMENT_KEY: "prod" })).code).toBe(EXIT.ok);
  });

  it("keep a drift issue each: one job's clean night does not close another's drift", async () => {
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    await renameScan("E2E edge drifted");
    expect((await action("drift", { SCANFORM_COMMENT_KEY: "prod" })).stdout).toMatch(/opened/);
    await renameScan("E2E edge");
    expect((await action("drift", { SCANFORM_COMMENT_KEY: "staging" })).stdout).toContain("No drift.");
    expect(github.issues.map((i) => i.state)).toEqual(["open"]);
  });

  it("is refused when it is not a short name, before anything is planned", async () => {
    const r = await action("plan", { SCANFORM_COMMENT_KEY: "prod -->" });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("SCANFORM_COMMENT_KEY");
    expect(github.comments).toEqual([]);
  });
});

describe("the files a team copies", () => {
  it("name the action's modes and run it from action.yml", async () => {
    const { parse } = await import("yaml");
    const action = parse(await readFile("action.yml", "utf8")) as { runs: { steps: { run?: string }[] }; outputs: Record<string, unknown> };
    expect(action.runs.steps.at(-1)?.run).toContain("dist/ci/github-action.js");
    // An input spelled into the shell's text would run as code; each goes through the step's env.
    for (const step of action.runs.steps) expect(step.run ?? "").not.toMatch(/\$\{\{\s*inputs\./);
    expect(Object.keys(action.outputs)).toEqual(["has_changes", "add", "change", "destroy", "exit_code"]);
    for (const [file, mode] of [["scanform-plan.yml", "plan"], ["scanform-apply.yml", "apply"], ["scanform-drift.yml", "drift"]] as const) {
      const text = await readFile(join("examples/github", file), "utf8");
      expect(text).toContain(`mode: ${mode}`);
      expect(parse(text)).toHaveProperty("jobs");
    }
  });

  it("include settings that validate, with the state in PostgreSQL", async () => {
    const { validateManifests } = await import("../../src/ops/validate.js");
    const result = await validateManifests(["examples/github/settings.yaml"], process.cwd());
    expect(result.ok).toBe(true);
    expect(result.ok && result.desired.state.backend).toBe("postgres");
  });
});
