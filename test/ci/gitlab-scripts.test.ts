/**
 * The GitLab example's scripts (examples/gitlab/*.sh) run with sh, curl and jq, as the example's
 * jobs run them, against a loopback server that speaks the parts of GitLab's REST API they use:
 * one merge request note created then updated, one drift issue opened, updated and closed, and
 * the reviewed plan fetched from the merged request's plan job (or exit 3 without one).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const TOOLS = ["sh", "curl", "jq"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
const SCRIPTS = resolve("examples/gitlab");
const TOKEN = "glpat-canary-7f3e";

interface Note {
  id: number;
  body: string;
  author: { username: string };
}

/** Whom GitLab shows as the author of what the token writes. */
const BOT = "project_1_bot_scanform";
interface Issue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: "opened" | "closed";
  author: { username: string };
}

/** Projects/1 only; every call must carry the token; each request is logged as `METHOD path`. */
function fakeGitLab() {
  const notes: Note[] = [];
  const issues: Issue[] = [];
  const log: string[] = [];
  const merged = { sha: "abc123", iid: 42, pipeline: 900, job: 901 };
  const planJson = '{"formatVersion":1}';
  const body = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    let text = "";
    for await (const chunk of req) text += String(chunk);
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      log.push(`${req.method} ${url.pathname}`);
      const json = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      if (req.headers["private-token"] !== TOKEN) return json(401, { message: "401 Unauthorized" });
      const p = url.pathname.replace(/^\/api\/v4\/projects\/1/, "");
      const input = await body(req);
      let m: RegExpExecArray | null;
      if (url.pathname === "/api/v4/user" && req.method === "GET") return json(200, { id: 9, username: BOT });
      if (p === "/merge_requests/7/notes" && req.method === "GET") {
        // Newest first, as GitLab lists them, in pages.
        const perPage = Number(url.searchParams.get("per_page") ?? 20);
        const page = Number(url.searchParams.get("page") ?? 1);
        return json(200, [...notes].reverse().slice((page - 1) * perPage, page * perPage));
      }
      if (p === "/merge_requests/7/notes" && req.method === "POST") {
        const note = { id: 100 + notes.length, body: String(input.body), author: { username: BOT } };
        notes.push(note);
        return json(201, note);
      }
      if ((m = /^\/merge_requests\/7\/notes\/(\d+)$/.exec(p)) && req.method === "PUT") {
        const note = notes.find((n) => n.id === Number(m![1]));
        if (!note) return json(404, {});
        // Only a note's author may edit it.
        if (note.author.username !== BOT) return json(403, { message: "403 Forbidden" });
        note.body = String(input.body);
        return json(200, note);
      }
      if (p === "/issues" && req.method === "GET") {
        const label = url.searchParams.get("labels");
        const author = url.searchParams.get("author_username");
        return json(200, issues.filter((i) => i.state === url.searchParams.get("state") && (label === null || i.labels.includes(label)) && (author === null || i.author.username === author)));
      }
      if (p === "/issues" && req.method === "POST") {
        const issue: Issue = { iid: issues.length + 1, title: String(input.title), description: String(input.description), labels: String(input.labels).split(","), state: "opened", author: { username: BOT } };
        issues.push(issue);
        return json(201, issue);
      }
      if ((m = /^\/issues\/(\d+)$/.exec(p)) && req.method === "PUT") {
        const issue = issues.find((i) => i.iid === Number(m![1]));
        if (!issue) return json(404, {});
        if (typeof input.description === "string") issue.description = input.description;
        if (input.state_event === "close") issue.state = "closed";
        return json(200, issue);
      }
      if (p === `/repository/commits/${merged.sha}/merge_requests`) return json(200, [{ iid: merged.iid, state: "merged" }]);
      if (p.startsWith("/repository/commits/")) return json(200, []);
      if (p === `/merge_requests/${merged.iid}/pipelines`) return json(200, [{ id: merged.pipeline }]);
      if (p === `/pipelines/${merged.pipeline}/jobs`) return json(200, [{ id: 5, name: "lint" }, { id: merged.job, name: "scanform-plan" }]);
      if (p === `/jobs/${merged.job}/artifacts/plan.sfplan`) {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        return res.end(planJson);
      }
      return json(404, { message: "404 Not Found" });
    })();
  });
  return { server, notes, issues, log, merged, planJson };
}

let gitlab: ReturnType<typeof fakeGitLab>;
let work: string;
let env: Record<string, string>;

beforeEach(async () => {
  gitlab = fakeGitLab();
  await new Promise<void>((done) => gitlab.server.listen(0, "127.0.0.1", done));
  const { port } = gitlab.server.address() as AddressInfo;
  work = await mkdtemp(join(tmpdir(), "scanform-gitlab-"));
  env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`,
    CI_PROJECT_ID: "1",
    CI_MERGE_REQUEST_IID: "7",
    CI_COMMIT_SHA: "abc123",
    GITLAB_NOTE_TOKEN: TOKEN,
  };
});
afterEach(async () => {
  await new Promise<void>((done) => gitlab.server.close(() => done()));
  await rm(work, { recursive: true, force: true });
});

/** Runs a script asynchronously: the fake server lives in this process, so a blocking spawn would deadlock. */
async function script(name: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const { spawn } = await import("node:child_process");
  return new Promise((done) => {
    const child = spawn("sh", [join(SCRIPTS, name), ...args], { cwd: work, env: { ...env, ...extraEnv } });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe.skipIf(TOOLS.length > 0)(`the GitLab example's scripts${TOOLS.length > 0 ? ` (skipped: ${TOOLS.join(", ")} not installed)` : ""}`, () => {
  it("posts the plan as one merge request note, then edits that note in place", async () => {
    await writeFile(join(work, "plan.md"), "**Plan: 1 to add**\n");
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    await writeFile(join(work, "plan.md"), "**Plan: 2 to add**\n");
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    expect(gitlab.notes).toHaveLength(1);
    expect(gitlab.notes[0]!.body).toBe("<!-- scanform:plan -->\n## scanform plan\n\n**Plan: 2 to add**\n");
    expect(gitlab.log.filter((l) => !l.startsWith("GET"))).toEqual(["POST /api/v4/projects/1/merge_requests/7/notes", "PUT /api/v4/projects/1/merge_requests/7/notes/100"]);
  });

  it("edits only its own note: one carrying the marker by anyone else is left alone", async () => {
    gitlab.notes.push({ id: 50, body: "<!-- scanform:plan -->\nNo changes, trust me", author: { username: "mallory" } });
    await writeFile(join(work, "plan.md"), "**Plan: 1 to destroy**\n");
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    expect(gitlab.notes.map((n) => [n.id, n.author.username])).toEqual([[50, "mallory"], [101, BOT]]);
    expect(gitlab.notes[1]!.body).toContain("**Plan: 1 to destroy**");
  });

  it("finds its note among more than a page of notes", async () => {
    await writeFile(join(work, "plan.md"), "**Plan: 1 to add**\n");
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    for (let i = 0; i < 150; i++) gitlab.notes.push({ id: 1000 + i, body: `comment ${i}`, author: { username: "alice" } });
    expect((await script("mr-note.sh", ["plan.md"])).code).toBe(0);
    expect(gitlab.notes.filter((n) => n.author.username === BOT)).toHaveLength(1);
  });

  it("opens one drift issue, updates it while drift stays, and closes it when drift is gone", async () => {
    await writeFile(join(work, "drift.md"), "drift one\n");
    expect((await script("drift-issue.sh", ["drift.md", "2"])).code).toBe(0);
    await writeFile(join(work, "drift.md"), "drift two\n");
    expect((await script("drift-issue.sh", ["drift.md", "2"])).code).toBe(0);
    expect(gitlab.issues).toEqual([{ iid: 1, title: "scanform: the vendors drifted from the manifests", description: "drift two\n", labels: ["scanform-drift"], state: "opened", author: { username: BOT } }]);
    await writeFile(join(work, "drift.md"), "No changes.\n");
    expect((await script("drift-issue.sh", ["drift.md", "0"])).code).toBe(0);
    expect(gitlab.issues.map((i) => i.state)).toEqual(["closed"]);
    expect((await script("drift-issue.sh", ["drift.md", "0"])).code).toBe(0);
    expect(gitlab.issues).toHaveLength(1);
  });

  it("leaves alone an issue someone else labelled scanform-drift, keeping one of its own", async () => {
    gitlab.issues.push({ iid: 1, title: "Their issue", description: "theirs\n", labels: ["scanform-drift"], state: "opened", author: { username: "mallory" } });
    await writeFile(join(work, "drift.md"), "drift one\n");
    expect((await script("drift-issue.sh", ["drift.md", "2"])).code).toBe(0);
    await writeFile(join(work, "drift.md"), "No changes.\n");
    expect((await script("drift-issue.sh", ["drift.md", "0"])).code).toBe(0);
    expect(gitlab.issues.map((i) => [i.author.username, i.description, i.state])).toEqual([
      ["mallory", "theirs\n", "opened"],
      [BOT, "drift one\n", "closed"],
    ]);
  });

  it("fetches the plan the merged request's scanform-plan job saved", async () => {
    expect((await script("reviewed-plan.sh", [])).code).toBe(0);
    expect(await readFile(join(work, "plan.sfplan"), "utf8")).toBe(gitlab.planJson);
  });

  it("refuses with exit 3 when no merged request carries a reviewed plan", async () => {
    const r = await script("reviewed-plan.sh", [], { CI_COMMIT_SHA: "def456" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("No merged merge request for def456: no reviewed plan, nothing is applied.");
  });

  it("never prints the token", async () => {
    await writeFile(join(work, "plan.md"), "x\n");
    const r = await script("mr-note.sh", ["plan.md"], { GITLAB_NOTE_TOKEN: "wrong-token" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toContain("wrong-token");
  });
});
