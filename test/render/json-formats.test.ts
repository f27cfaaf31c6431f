/**
 * scanform's JSON convention, held by its schemas: `validate --json`, `state list --json`,
 * `status --json` and the apply/wait JSON lines carry `format_version` "MAJOR.MINOR" and
 * snake_case keys, and validate against the schema in schemas/ that documents them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDesired } from "../../src/manifest/index.js";
import type { StatusRow } from "../../src/apply/status.js";
import { statusJson } from "../../src/render/progress-status.js";
import { stateListJson, stateShowJson } from "../../src/render/state-list-json.js";
import { doctorJson } from "../../src/render/doctor-json.js";
import type { DoctorReport } from "../../src/ops/doctor.js";
import type { StateEntry } from "../../src/state/model.js";
import { validateJson } from "../../src/render/validate.js";
import { jsonLines } from "../../src/render/events-json.js";
import { applyEvents, output, waitEvents } from "./apply/fixtures.js";
import type { StateSnapshot } from "../../src/state/model.js";

const schema = (name: string) => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  formats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(`schemas/${name}`, "utf8")) as object);
};
const problems = (validate: ReturnType<typeof schema>, text: string): unknown => (validate(JSON.parse(text)) ? [] : validate.errors);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-json-"));
  await cp("scans", join(dir, "scans"), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the JSON outputs' schemas", () => {
  it("validate --json of valid manifests matches schemas/validate.schema.json", async () => {
    const text = validateJson(await loadDesired(["scans"], { cwd: dir }));
    expect(problems(schema("validate.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ format_version: "2.0", valid: true, scope_declared: true });
  });

  it("validate --json of invalid manifests matches it too, with located findings", async () => {
    const text = validateJson(await loadDesired(["test/fixtures/manifest/bad/bad-cidr.yaml"], { cwd: process.cwd() }));
    expect(problems(schema("validate.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ valid: false, diagnostics: [{ code: "MANIFEST_BAD_SEED", line: 7, column: 28 }] });
  });

  it("state list --json matches schemas/state-list.schema.json, with and without a state", () => {
    const snapshot = {
      version: 1,
      lineage: "l-1",
      serial: 4,
      journal: [],
      resources: {
        "qualys.scan.ci": { address: "qualys.scan.ci", vendor: "qualys", kind: "scan", ids: {}, spec: {}, digest: "d", protect: false, origin: "created", lastRun: { id: "300001", launchedAt: "2026-12-02T10:00:00.000Z", specDigest: "d" }, updatedAt: "2026-12-02T10:00:00.000Z" },
        "qualys.webApp.shop": { address: "qualys.webApp.shop", vendor: "qualys", kind: "webApp", ids: { id: "100001" }, spec: {}, digest: "d", protect: true, origin: "adopted", updatedAt: "2026-12-02T09:00:00.000Z" },
      },
    } as unknown as StateSnapshot;
    const text = stateListJson(snapshot);
    expect(problems(schema("state-list.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text).resources.map((r: { address: string }) => r.address)).toEqual(["qualys.scan.ci", "qualys.webApp.shop"]);
    expect(problems(schema("state-list.schema.json"), stateListJson(undefined))).toEqual([]);
  });

  it("state show --json matches schemas/state-show.schema.json, spec included", () => {
    const entry = { address: "qualys.webApp.shop", vendor: "qualys", kind: "webApp", ids: { id: "100001" }, spec: { name: "shop", url: "https://shop.example.com/" }, digest: "sha256:1", protect: false, origin: "created", updatedAt: "2026-12-02T09:00:00.000Z", lastRun: { id: "7", launchedAt: "2026-12-02T09:00:00.000Z", specDigest: "sha256:1" } } as StateEntry;
    const text = stateShowJson(entry);
    expect(problems(schema("state-show.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ format_version: "2.0", last_run: { id: "7" }, updated_at: "2026-12-02T09:00:00.000Z", spec: { url: "https://shop.example.com/" } });
  });

  it("doctor --json matches schemas/doctor.schema.json, passed and failed checks alike", () => {
    const report: DoctorReport = {
      ok: false,
      vendors: [
        { vendor: "cortex", ok: true, check: { call: "GET /api_keys/validate/", clockSkewMs: 1200, maxClockSkewMs: 300_000, notes: [] } },
        { vendor: "hexiosec", ok: true },
        { vendor: "qualys", ok: false, error: { code: "VENDOR_AUTH", severity: "error", message: "HTTP 401", hint: "Check QUALYS_PASSWORD." } },
      ],
      proxies: [{ variable: "HTTPS_PROXY", url: "http://proxy.corp:3128", usable: true }],
      state: { ok: true, describe: "local (.scanform/state.json)", serial: 3, lock: { id: "l-1", who: "ci", host: "runner", pid: 42, operation: "apply", created: "2026-12-02T09:00:00.000Z" } },
    };
    const text = doctorJson(report);
    expect(problems(schema("doctor.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ format_version: "2.1", vendors: [{ check: { clock_skew_ms: 1200 } }, {}, { error: { code: "VENDOR_AUTH" } }], state: { backend: "local (.scanform/state.json)" } });
  });

  it("status --json matches schemas/status.schema.json, a run's verdict and a vendor's error alike", () => {
    const target = (address: string) => ({ address, vendor: "qualys", kind: "scan", ids: {}, runId: "300001", timeoutMs: 1000 });
    const rows = [
      { target: target("qualys.scan.ci"), status: { phase: "succeeded", terminal: true, vendorState: "FINISHED", findings: { "1": 0, "2": 1, "3": 0, "4": 2, "5": 0 } }, verdict: "threshold" },
      { target: target("qualys.scan.other"), error: { code: "VENDOR_AUTH", message: "HTTP 401" } },
    ] as unknown as StatusRow[];
    const text = statusJson(rows);
    expect(problems(schema("status.schema.json"), text)).toEqual([]);
    expect(JSON.parse(text).runs[0]).toMatchObject({ verdict: "threshold", vendor_state: "FINISHED" });
  });

  it("every apply and wait event line matches schemas/events.schema.json, and the schema names every event type written", () => {
    const out = output();
    const sink = jsonLines(out.stream);
    for (const e of [...applyEvents, ...waitEvents]) sink(e);
    const lines = out.text().trimEnd().split("\n");
    const validate = schema("events.schema.json");
    expect(lines.map((l) => problems(validate, l)).filter((p) => (p as unknown[]).length > 0)).toEqual([]);
    const declared = (JSON.parse(readFileSync("schemas/events.schema.json", "utf8")) as { properties: { type: { enum: string[] } } }).properties.type.enum;
    expect(new Set(lines.map((l) => (JSON.parse(l) as { type: string }).type))).toEqual(new Set(declared));
  });

  it("an event line with a field the schema does not document fails it", () => {
    const line = JSON.stringify({ format_version: "1.1", seq: 1, time: "2026-12-02T10:00:00.000Z", type: "step_started", address: "qualys.webApp.shop", action: "create", stray: 1 });
    expect(problems(schema("events.schema.json"), line)).not.toEqual([]);
  });

  it("README's table names every schema in schemas/, and only schemas that exist", () => {
    const readme = readFileSync("README.md", "utf8");
    const named = new Set([...readme.matchAll(/`schemas\/([a-z-]+\.schema\.json)`/g)].map((m) => m[1]!));
    expect([...named].sort()).toEqual(readdirSync("schemas").filter((f) => f.endsWith(".schema.json")).sort());
  });
});
