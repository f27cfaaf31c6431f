/**
 * Secrets: every command, output format and error path, run with canary credentials through a
 * recorder in front of each emulator (so the suite knows every auth header value scanform sent:
 * Basic tokens, Cortex hashes and nonces). Nothing scanform prints or stores may hold a canary in
 * raw, URL-, base64- or JSON-escaped form, nor any auth header value it sent.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E, type Vendor } from "../e2e/harness.js";
import { PG_URL, describeWithPostgres, sql } from "../state/pg-env.js";
import { runScanform, type ChildRun } from "./child.js";
import { report } from "./figures.js";
import { startHostileServer, type HostileServer } from "./hostile-server.js";

const VENDORS: readonly Vendor[] = ["hexiosec", "cortex", "qualys"];
/** A key that is not the emulator's, for the authentication-failure path; it is a canary too. */
const WRONG_KEY = "canary-wrong-hexiosec-key-7c3e9a1d";

let e2e: E2E;
const recorders = new Map<Vendor, HostileServer>();
let env: Record<string, string>;

beforeAll(async () => {
  e2e = await startE2E();
  env = { ...e2e.env };
  for (const v of VENDORS) {
    const emulator = e2e.emulators.emulators[v];
    if (!emulator) throw new Error(`no ${v} emulator`);
    const recorder = await startHostileServer(emulator.origin, () => undefined);
    recorders.set(v, recorder);
    const urlVar = `${v.toUpperCase()}_URL`;
    env[urlVar] = (env[urlVar] ?? "").replace(emulator.origin, recorder.origin);
  }
});
afterAll(async () => {
  for (const r of recorders.values()) await r.close();
  await e2e.close();
});

/** The canaries in every form a leak could take, and every auth header value sent so far. */
function forbidden(): string[] {
  const canaries = [...e2e.secrets, WRONG_KEY];
  const sent = [...recorders.values()].flatMap((r) =>
    r.received.flatMap((req) =>
      Object.entries(req.headers)
        .filter(([k]) => k === "authorization" || k === "x-xdr-nonce" || k === "x-hexiosec-api-key")
        .flatMap(([, v]) => [v, v.replace(/^\w+ /, "")]),
    ),
  );
  const forms = (v: string) => [v, encodeURIComponent(v), Buffer.from(v).toString("base64"), Buffer.from(v).toString("base64url"), JSON.stringify(v).slice(1, -1)];
  return [...new Set([...canaries.flatMap(forms), ...sent])];
}

/** Each forbidden value found, with where: `stdout: canary-…`. */
function leaks(surfaces: Readonly<Record<string, string>>): string[] {
  const bad = forbidden();
  return Object.entries(surfaces).flatMap(([where, text]) => bad.filter((b) => text.includes(b)).map((b) => `${where}: ${b.slice(0, 14)}…`));
}

async function localState(): Promise<string> {
  return readFile(join(e2e.dir, ".scanform", "state.json"), "utf8").catch(() => "");
}

const run = (argv: readonly string[], extra: Record<string, string> = {}): Promise<ChildRun> => runScanform(argv, { cwd: e2e.dir, env: { ...env, ...extra }, deadlineMs: 60_000 });

interface Step {
  readonly tried: string;
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /** Done before the run (faults, manifest edits). */
  readonly before?: () => Promise<void> | void;
  readonly after?: () => void;
  /** The exit code that shows the step took the path it names. */
  readonly exit: number;
  /** Files the step writes, scanned with its output. */
  readonly files?: readonly string[];
}

const edit = (change: string) => () =>
  e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], doc.createNode(["edge.example.com", "192.0.2.0/28", `${change}.example.com`])));
const faultsEverywhere = (faults: Parameters<E2E["faults"]>[1]) => () => {
  for (const v of VENDORS) e2e.faults(v, faults);
};

const STEPS: readonly Step[] = [
  { tried: "validate", exit: 0, argv: ["validate"] },
  { tried: "validate --json", exit: 0, argv: ["validate", "--json"] },
  { tried: "plan (text)", exit: 0, argv: ["plan"] },
  { tried: "plan --json", exit: 0, argv: ["plan", "--json"] },
  { tried: "plan --markdown", exit: 0, argv: ["plan", "--markdown"] },
  { tried: "plan --debug (trace of every call)", exit: 0, argv: ["plan", "--debug"] },
  { tried: "plan with SCANFORM_LOG=debug", exit: 0, argv: ["plan"], env: { SCANFORM_LOG: "debug" } },
  { tried: "plan --out FILE (the saved plan)", exit: 0, argv: ["plan", "--out", "saved.plan"], files: ["saved.plan"] },
  { tried: "show FILE", exit: 0, argv: ["show", "saved.plan"] },
  { tried: "show FILE --json", exit: 0, argv: ["show", "saved.plan", "--json"] },
  { tried: "apply FILE --json --debug (creates and launches at all three vendors)", exit: 0, argv: ["apply", "saved.plan", "--json", "--debug"], files: [".scanform/state.json"] },
  { tried: "status", exit: 0, argv: ["status"] },
  { tried: "status --json --debug", exit: 0, argv: ["status", "--json", "--debug"] },
  { tried: "wait --json", exit: 0, argv: ["wait", "--json", "--poll-interval", "500ms"] },
  { tried: "state list", exit: 0, argv: ["state", "list"] },
  { tried: "state show", exit: 0, argv: ["state", "show", "cortex.scan.lab-daily"] },
  { tried: "apply --auto-approve (text) after a manifest change", exit: 0, argv: ["apply", "--auto-approve"], before: edit("one") },
  { tried: "error path: every call answered 5xx (apply --debug)", exit: 1, argv: ["apply", "--auto-approve", "--debug"], before: async () => (await edit("two")(), faultsEverywhere({ serverError: 1 })()), after: faultsEverywhere(undefined) },
  { tried: "error path: connections dropped (apply --json --debug)", exit: 1, argv: ["apply", "--auto-approve", "--json", "--debug"], before: faultsEverywhere({ drop: 1 }), after: faultsEverywhere(undefined) },
  { tried: "error path: answers lost after the vendor acted (apply --debug)", exit: 1, argv: ["apply", "--auto-approve", "--debug"], before: async () => (await edit("three")(), faultsEverywhere({ lostAnswer: 1 })()), after: faultsEverywhere(undefined) },
  { tried: "error path: the crash journal (state journal)", exit: 0, argv: ["state", "journal"] },
  { tried: "error path: a wrong API key, 401 (plan --debug)", exit: 1, argv: ["plan", "--debug"], env: { HEXIOSEC_API_KEY: WRONG_KEY } },
  { tried: "error path: a wrong API key (apply --json)", exit: 1, argv: ["apply", "--auto-approve", "--json"], env: { HEXIOSEC_API_KEY: WRONG_KEY } },
  { tried: "error path: the state locked by another run (apply)", exit: 4, argv: ["apply", "--auto-approve"], before: () => writeFile(join(e2e.dir, ".scanform", "state.json.lock"), JSON.stringify({ id: "00000000-0000-4000-8000-000000000000", who: "someone", host: "elsewhere", pid: 1, operation: "apply", created: new Date().toISOString() })), after: () => undefined },
];

describe("canary credentials", () => {
  for (const step of STEPS) {
    it(`never appear, nor any auth header value sent: ${step.tried}`, async (context) => {
      await step.before?.();
      const r = await run(step.argv, step.env);
      step.after?.();
      const surfaces: Record<string, string> = { stdout: r.stdout, stderr: r.stderr, "state file": await localState() };
      for (const f of step.files ?? []) surfaces[f] = await readFile(join(e2e.dir, f), "utf8");
      const found = leaks(surfaces);
      const bytes = Object.values(surfaces).reduce((n, t) => n + t.length, 0);
      report(context, { section: "Secrets", tried: step.tried, exitCode: r.code, counts: { "bytes scanned": bytes, "values looked for": forbidden().length, leaks: found.length } });
      expect(found).toEqual([]);
      expect(r.code, r.stdout.slice(-1000) + r.stderr.slice(-1000)).toBe(step.exit);
    });
  }
});

describeWithPostgres("canary credentials with state in PostgreSQL", () => {
  const workspace = `reliability-${randomBytes(5).toString("hex")}`;
  afterAll(async () => {
    await sql("DELETE FROM scanform_states WHERE workspace = $1", [workspace]);
  });

  it("never appear in the stored state, output or trace of apply, plan and state commands", async (context) => {
    // A fresh tenant, since this state starts empty and would otherwise meet the local run's objects.
    for (const v of VENDORS) e2e.emulators.emulators[v]?.vendor.reset();
    await e2e.edit("settings.yaml", (doc) => doc.set("state", doc.createNode({ backend: "postgres", url: "${SCANFORM_PG_URL}", workspace })));
    const pg = { SCANFORM_PG_URL: PG_URL };
    const runs = [await run(["apply", "--auto-approve", "--json", "--debug"], pg), await run(["plan", "--debug"], pg), await run(["state", "list"], pg), await run(["status", "--json"], pg)];
    const rows = await sql("SELECT row_to_json(s)::text AS row FROM scanform_states s WHERE workspace = $1", [workspace]);
    const stored = rows.rows.map((r: { row: string }) => r.row).join("\n");
    const surfaces: Record<string, string> = { "postgres state": stored };
    runs.forEach((r, i) => Object.assign(surfaces, { [`run ${i} stdout`]: r.stdout, [`run ${i} stderr`]: r.stderr }));
    const found = leaks(surfaces);
    report(context, { section: "Secrets", tried: "state in PostgreSQL: apply --json --debug, plan --debug, state list, status --json", counts: { "rows scanned": rows.rowCount ?? 0, "bytes scanned": Object.values(surfaces).reduce((n, t) => n + t.length, 0), leaks: found.length } });
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(stored).toContain("cortex.scan.lab-daily");
    expect(found).toEqual([]);
  });
});
