/**
 * The GitHub Action (action.yml at the repository root) over the operations layer, in three modes:
 * - `plan` (pull requests): per manifest root validate (file/line annotations), doctor, plan; the
 *   plan saved for the artifact; ONE comment updated in place; the job summary; outputs.
 * - `apply` (push to the default branch): plans afresh and applies only if its changes are the
 *   ones the merged pull request's comment showed; otherwise refuses (EXIT.stalePlan). Then waits
 *   for the runs and gates on them.
 * - `drift` (nightly): plans; ONE issue opened while there is drift, updated, closed when gone.
 * Credentials come from the environment (repository secrets); nothing here prints them.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fanOut, type ApplyEvent } from "../../apply/events.js";
import { createTally, waitExitCode } from "../../apply/tally.js";
import { EXIT } from "../../core/exit-codes.js";
import { badVariable, isScanformError } from "../../core/errors.js";
import { DEFAULT_PARALLELISM } from "../../apply/engine.js";
import { PARALLELISM_ENV } from "../../cli/apply.js";
import { POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV } from "../../cli/duration-flags.js";
import { envValue } from "../../cli/env-defaults.js";
import { DEFAULT_POLL_INTERVAL_MS } from "../../cli/run-deps.js";
import type { Writable } from "../../core/writable.js";
import { sleep } from "../../http/sleep.js";
import { applyOperation } from "../../ops/apply.js";
import { doctorOperation } from "../../ops/doctor.js";
import { planOperation } from "../../ops/plan.js";
import { validateManifests } from "../../ops/validate.js";
import type { OpenWorkspace, Workspace } from "../../ops/workspace.js";
import { writePlanFile } from "../../plan/plan-file.js";
import type { Plan } from "../../plan/plan.js";
import { countPlan, hasChanges } from "../../plan/summary.js";
import { applyCi } from "../../render/apply-ci.js";
import { printDiagnostics } from "../../render/diagnostics.js";
import { doctorText } from "../../render/doctor.js";
import { fenceFor, renderPlanMarkdown } from "../../render/plan-markdown.js";
import { renderPlanText } from "../../render/plan-text.js";
import { progressCi } from "../../render/progress-ci.js";
import { lockRequest } from "../../state/lock-info.js";
import { COMMENT_KEY, commentBody, DEFAULT_COMMENT_AUTHOR, findComment, fixedMarkdown, reviewedIn, upsertComment, type RecordRead, type Section } from "./comment.js";
import { syncDriftIssue } from "./drift.js";
import { gitHubRest, type GitHubRest } from "./rest.js";
import { differFromReviewed, reviewedChanges, type PlanDifference } from "./reviewed.js";
import { annotate, appendSummary, pullRequestNumber, setOutputs, type Env } from "./runner.js";

export type ActionMode = "plan" | "apply" | "drift";

export interface ActionIO {
  readonly env: Env;
  readonly cwd: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export interface ActionDeps {
  readonly openWorkspace: OpenWorkspace;
  /** Default: the REST API at GITHUB_API_URL with GITHUB_TOKEN; absent token: no comment or issue. */
  readonly rest?: GitHubRest;
  readonly now?: () => Date;
}

/** Manifest roots, one per line or space-separated (input `paths`); default `.`. */
export const rootsOf = (env: Env): readonly string[] => {
  const roots = (env["SCANFORM_PATHS"] ?? "").split(/\s+/).filter((r) => r !== "");
  return roots.length > 0 ? roots : ["."];
};

export async function runAction(mode: ActionMode, io: ActionIO, deps: ActionDeps): Promise<number> {
  const rest = deps.rest ?? restFrom(io.env);
  const now = deps.now ?? (() => new Date());
  try {
    if (mode === "plan") return await planMode(io, deps, rest, now);
    if (mode === "drift") return await driftMode(io, deps, rest, now);
    return await applyMode(io, deps, rest, now);
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()]);
    annotate(io.stdout, [e.toDiagnostic()]);
    await setOutputs(io.env, { exit_code: EXIT.error });
    return EXIT.error;
  }
}

function restFrom(env: Env): GitHubRest | undefined {
  const token = env["GITHUB_TOKEN"];
  const repository = env["GITHUB_REPOSITORY"];
  if (!token || !repository) return undefined;
  return gitHubRest({ apiUrl: env["GITHUB_API_URL"] ?? "https://api.github.com", repository, token });
}

interface RootPlan {
  readonly root: string;
  readonly plan?: Plan;
  readonly section: Section;
  readonly failed: boolean;
}

/** validate → doctor → plan for one root; a failure is a section saying what failed. */
async function planRoot(root: string, io: ActionIO, deps: ActionDeps, now: () => Date, check: boolean): Promise<RootPlan> {
  const validated = await validateManifests([root], io.cwd);
  annotate(io.stdout, validated.ok ? validated.warnings : validated.diagnostics);
  if (!validated.ok) {
    const errors = validated.diagnostics.filter((d) => d.severity === "error");
    const list = errors.map((d) => `- \`${d.source ? `${d.source.file}:${d.source.line}` : root}\` ${d.code}: ${d.message}`).join("\n");
    return { root, failed: true, section: { root, markdown: fixedMarkdown(`**The manifests are invalid (${errors.length} error${errors.length === 1 ? "" : "s"}); nothing was planned.**\n\n${list}`) } };
  }
  return withWorkspace(deps, [root], io, async (ws) => {
    if (check) {
      const report = await doctorOperation(ws, io);
      if (!report.ok) {
        const text = doctorText(report);
        io.stderr.write(text);
        const fence = fenceFor(text);
        return { root, failed: true, section: { root, markdown: fixedMarkdown(`**scanform doctor failed; nothing was planned.**\n\n${fence}\n${text}${fence}`) } };
      }
    }
    const outcome = await planOperation(ws, { targets: [], refresh: true, now });
    if (!outcome.ok) {
      printDiagnostics(io.stderr, outcome.diagnostics);
      annotate(io.stdout, outcome.diagnostics);
      return { root, failed: true, section: { root, markdown: fixedMarkdown(`**The plan failed.**\n\n${outcome.diagnostics.map((d) => `- ${d.code}: ${d.message}`).join("\n")}`) } };
    }
    const plan = outcome.plan;
    // The comment may be cut to fit; the log keeps the whole plan, as the comment's note says.
    io.stdout.write(`scanform plan for ${root}:\n\n${renderPlanText(plan)}\n`);
    return { root, plan, failed: false, section: { root, markdown: (maxBytes) => renderPlanMarkdown(plan, { maxBytes }), reviewed: reviewedChanges(plan) } };
  });
}

async function planMode(io: ActionIO, deps: ActionDeps, rest: GitHubRest | undefined, now: () => Date): Promise<number> {
  const key = commentKey(io.env);
  const results: RootPlan[] = [];
  for (const root of rootsOf(io.env)) results.push(await planRoot(root, io, deps, now, true));
  const planDir = join(io.cwd, io.env["SCANFORM_PLAN_DIR"] ?? ".scanform-plans");
  await mkdir(planDir, { recursive: true });
  const names = planFileNames(results.map((r) => r.root));
  for (const [i, r] of results.entries()) if (r.plan) await writePlanFile(join(planDir, names[i]!), { ...r.plan, paths: [r.root] });
  const body = commentBody(results.map((r) => r.section), key);
  await appendSummary(io.env, body);
  const pr = await pullRequestNumber(io.env);
  if (rest && pr !== undefined) {
    const done = await upsertComment(rest, pr, body, commentAuthor(io.env), key);
    io.stdout.write(`Plan comment ${done.action} on pull request #${pr}.\n`);
  }
  return finish(io, results);
}

async function driftMode(io: ActionIO, deps: ActionDeps, rest: GitHubRest | undefined, now: () => Date): Promise<number> {
  const key = commentKey(io.env);
  const results: RootPlan[] = [];
  for (const root of rootsOf(io.env)) results.push(await planRoot(root, io, deps, now, false));
  if (results.some((r) => r.failed)) return finish(io, results);
  const drifted = results.some((r) => r.plan !== undefined && hasChanges(r.plan));
  const body = commentBody(results.map((r) => r.section), key);
  await appendSummary(io.env, body);
  if (rest) {
    const done = await syncDriftIssue(rest, drifted, body, commentAuthor(io.env), key);
    io.stdout.write(done.action === "none" ? "No drift.\n" : `Drift issue #${done.number} ${done.action}.\n`);
  }
  return finish(io, results);
}

async function applyMode(io: ActionIO, deps: ActionDeps, rest: GitHubRest | undefined, now: () => Date): Promise<number> {
  const reviewed = await reviewedPlans(io.env, rest);
  const applied: Plan[] = [];
  let exit: number = EXIT.ok;
  for (const root of rootsOf(io.env)) {
    const approved = reviewed.get(root);
    const unusable = approved === undefined ? `no reviewed plan for ${root}: the merged pull request has no scanform plan comment for it, so nothing is applied.` : approved.kind === "outdated" ? `the plan for ${root} was reviewed in a comment an earlier version of scanform wrote, whose record does not say which vendor objects the changes act on, so nothing is applied.\nRun the pull request's plan again (or open a new one) and have it reviewed.` : undefined;
    const code = unusable !== undefined || approved === undefined || approved.kind === "outdated" ? refuse(io, unusable ?? "") : await withWorkspace(deps, [root], io, async (ws) => {
      const fresh = await planOperation(ws, { targets: [], refresh: true, now });
      if (!fresh.ok) {
        printDiagnostics(io.stderr, fresh.diagnostics);
        return EXIT.error;
      }
      const difference = differFromReviewed(approved, fresh.plan);
      if (difference) return refuse(io, `the plan for ${root} now differs from the one reviewed in the pull request, so nothing is applied:\n${differenceLines(difference).join("\n")}\nRun the pull request's plan again (or open a new one) and have it reviewed.`);
      applied.push(fresh.plan);
      if (!hasChanges(fresh.plan)) {
        io.stdout.write(`${root}: no changes, as reviewed.\n`);
        return EXIT.ok;
      }
      return applyReviewed(ws, fresh.plan, io, now);
    });
    if (code !== EXIT.ok) exit = code;
    if (code === EXIT.stalePlan) break;
  }
  await setOutputs(io.env, { ...planOutputs(applied), exit_code: exit });
  return exit;
}

/**
 * The job's SCANFORM_PARALLELISM, SCANFORM_POLL_INTERVAL and SCANFORM_POLL_MAX_INTERVAL, read
 * exactly as the CLI reads them, so a job-level `env:` means the same for the Action and for
 * `scanform apply` steps; a bad value stops the apply naming the variable.
 */
function runSettings(env: Env): { parallelism: number; wait: { pollIntervalMs: number; pollMaxIntervalMs?: number } } {
  const pollMaxIntervalMs = envValue(env, POLL_MAX_INTERVAL_ENV) as number | undefined;
  const pollIntervalMs = (envValue(env, POLL_INTERVAL_ENV) as number | undefined) ?? DEFAULT_POLL_INTERVAL_MS;
  if (pollMaxIntervalMs !== undefined && pollMaxIntervalMs < pollIntervalMs) {
    throw badVariable("SCANFORM_POLL_MAX_INTERVAL", String(env["SCANFORM_POLL_MAX_INTERVAL"]), "the longest pause between polls cannot be shorter than SCANFORM_POLL_INTERVAL (or its default of 10s)");
  }
  return {
    parallelism: (envValue(env, PARALLELISM_ENV) as number | undefined) ?? DEFAULT_PARALLELISM,
    wait: { pollIntervalMs, ...(pollMaxIntervalMs === undefined ? {} : { pollMaxIntervalMs }) },
  };
}

/** Applied as a saved plan: refused if anything moved between this plan and the lock. */
async function applyReviewed(ws: Workspace, plan: Plan, io: ActionIO, now: () => Date): Promise<number> {
  const tally = createTally();
  const outcome = await applyOperation(
    ws,
    { saved: plan, lock: lockRequest("apply (GitHub Action)", io.env), lockTimeoutMs: 60_000, ...runSettings(io.env) },
    {
      now,
      newId: randomUUID,
      sleep: (ms, signal) => sleep(ms, signal).catch(() => undefined),
      stop: new AbortController().signal,
      force: new AbortController().signal,
      emit: fanOut<ApplyEvent>(applyCi(io.stdout, { github: true }), tally.sink),
      emitWait: progressCi(io.stdout),
      approve: async () => true,
    },
  );
  if (outcome.kind === "invalid") {
    printDiagnostics(io.stderr, outcome.diagnostics);
    return EXIT.error;
  }
  if (outcome.kind !== "applied") return EXIT.ok;
  const applied = tally.exitCode();
  return outcome.waited && applied === EXIT.ok ? waitExitCode(outcome.waited.counts) : applied;
}

function differenceLines(difference: PlanDifference): string[] {
  if ("reviewedCount" in difference) {
    return [`  ${difference.reviewedCount} changes were reviewed and ${difference.freshCount} are planned now, and they are not the same (the comment recorded them by digest: too many to list in it).`];
  }
  return [...difference.unreviewed.map((c) => `  + not reviewed: ${c}`), ...difference.missing.map((c) => `  - reviewed, no longer planned: ${c}`)];
}

/** What the merged pull request's plan comment records, per root. */
async function reviewedPlans(env: Env, rest: GitHubRest | undefined): Promise<ReadonlyMap<string, RecordRead>> {
  const sha = env["GITHUB_SHA"];
  if (!rest || !sha) return new Map();
  const merged = (await rest.pullsOfCommit(sha)).find((p) => p.merged_at !== null);
  if (!merged) return new Map();
  const comment = await findComment(rest, merged.number, commentAuthor(env), commentKey(env));
  return comment ? reviewedIn(comment.body) : new Map();
}

/** Input `comment-key`: the job's own comment and drift issue, when several jobs plan on one pull request. */
function commentKey(env: Env): string | undefined {
  const key = env["SCANFORM_COMMENT_KEY"];
  if (key === undefined || key === "") return undefined;
  if (!COMMENT_KEY.test(key)) throw badVariable("SCANFORM_COMMENT_KEY", key, "the comment key must be a short name of letters, digits, `.`, `_` and `-` (at most 64), such as `prod`");
  return key;
}

/** Input `comment-author`: whom the action's token comments as; only that author's plan comment counts. */
const commentAuthor = (env: Env): string => env["SCANFORM_COMMENT_AUTHOR"] || DEFAULT_COMMENT_AUTHOR;

function refuse(io: ActionIO, message: string): number {
  io.stderr.write(`Error: ${message}\n`);
  annotate(io.stdout, [{ code: "PLAN_NOT_REVIEWED", severity: "error", message }]);
  return EXIT.stalePlan;
}

async function finish(io: ActionIO, results: readonly RootPlan[]): Promise<number> {
  const plans = results.flatMap((r) => (r.plan ? [r.plan] : []));
  const failed = results.some((r) => r.failed);
  const exit = failed ? EXIT.error : plans.some(hasChanges) ? EXIT.changes : EXIT.ok;
  await setOutputs(io.env, { ...planOutputs(plans), exit_code: exit });
  return failed ? EXIT.error : EXIT.ok;
}

/** The outputs every mode sets from the plans it made (apply: the plans it went on to apply). */
function planOutputs(plans: readonly Plan[]): Record<string, number | boolean> {
  const counts = plans.map(countPlan);
  const sum = (pick: (c: ReturnType<typeof countPlan>) => number): number => counts.reduce((n, c) => n + pick(c), 0);
  return { has_changes: plans.some(hasChanges), add: sum((c) => c.add), change: sum((c) => c.change), destroy: sum((c) => c.destroy), launch: sum((c) => c.launch), import: sum((c) => c.import) };
}

async function withWorkspace<T>(deps: ActionDeps, paths: readonly string[], io: ActionIO, body: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await deps.openWorkspace(paths, io);
  try {
    return await body(ws);
  } finally {
    await ws.close();
  }
}

const slug = (root: string): string => root.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "root";

/** A plan file per root, named for it; roots that spell alike (`scans/a`, `scans-a`) get `-2`, `-3`, never one file. */
function planFileNames(roots: readonly string[]): string[] {
  const taken = new Set<string>();
  return roots.map((root) => {
    let name = slug(root);
    for (let n = 2; taken.has(name); n += 1) name = `${slug(root)}-${n}`;
    taken.add(name);
    return `${name}.sfplan`;
  });
}
