/**
 * Saved plans (`plan --out FILE`, `apply FILE`, `show FILE`): the Plan as versioned JSON, scanform's
 * own format (named `*.sfplan` in the docs), not the documented `--json` one: it follows the
 * internal Plan and may change in any release. A file of another major format version is refused;
 * a newer minor one is read, its additions ignored.
 * Plans hold no secret by construction, and the file is still written owner-only.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { ScanformError } from "../core/errors.js";
import { readRegularFile } from "../core/regular-file.js";
import { ACTIONS, type Action } from "./action.js";
import { PLAN_FORMAT_VERSION, type Plan } from "./plan.js";

export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new ScanformError("PLAN_FILE_WRITE", `Cannot write the plan to ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** A saved plan of 20,000 resources is about 40 MiB; the limit leaves room and still stops a wrong path (a log, an image) early. */
export const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

export async function readPlanFile(path: string, maxBytes: number = MAX_PLAN_FILE_BYTES): Promise<Plan> {
  let text: string;
  try {
    const read = await readRegularFile(path, maxBytes);
    if (!read.ok && read.problem === "too-large") {
      throw new ScanformError("PLAN_FILE_TOO_LARGE", `The plan file ${path} holds more than ${maxBytes} bytes, the limit for a saved plan.`, {
        hint: "Pass a file written by `scanform plan --out FILE`.",
      });
    }
    if (!read.ok) throw new ScanformError("PLAN_FILE_READ", `Cannot read the plan file ${path}: it is ${read.kind}, not a regular file.`);
    text = read.bytes.toString("utf8");
  } catch (e) {
    if (e instanceof ScanformError) throw e;
    throw new ScanformError("PLAN_FILE_READ", `Cannot read the plan file ${path}: ${(e as Error).message}`, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid(path, "it is not JSON");
  }
  return checkPlan(path, data);
}

function checkPlan(path: string, data: unknown): Plan {
  if (!isRecord(data)) throw invalid(path, "it is not a JSON object");
  const version = data["formatVersion"];
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) throw invalid(path, "it has no formatVersion");
  if (major(version) !== major(PLAN_FORMAT_VERSION)) {
    throw new ScanformError("PLAN_FORMAT_UNSUPPORTED", `${path} is a plan of format ${version}; this scanform reads format ${major(PLAN_FORMAT_VERSION)}.x.`, {
      hint: "Make the plan again with this version of scanform.",
      detail: { formatVersion: version, supported: PLAN_FORMAT_VERSION },
    });
  }
  for (const key of ["createdAt", "manifestDigest"]) if (typeof data[key] !== "string") throw invalid(path, `${key} is missing`);
  for (const key of ["changes", "moves", "drift", "warnings"]) if (!Array.isArray(data[key])) throw invalid(path, `${key} is missing`);
  if (!isRecord(data["fingerprints"])) throw invalid(path, "fingerprints is missing");
  const state = data["state"];
  if (state !== undefined && !(isRecord(state) && typeof state["lineage"] === "string" && typeof state["serial"] === "number")) {
    throw invalid(path, "state is malformed");
  }
  for (const c of data["changes"] as unknown[]) if (!isChange(c)) throw invalid(path, "a change is malformed");
  const targets = data["targets"];
  if (targets !== undefined && !(Array.isArray(targets) && targets.every((t) => typeof t === "string"))) throw invalid(path, "targets is not a list of addresses");
  const paths = data["paths"];
  if (paths !== undefined && !(Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === "string" && p !== ""))) throw invalid(path, "paths is not a list of manifest paths");
  // Same major: the shape is ours. A newer minor only adds fields, which this version ignores.
  return { ...(data as unknown as Plan), formatVersion: PLAN_FORMAT_VERSION };
}

/** Every field the renderers and the apply read of a change, of the type they read it as. */
function isChange(c: unknown): boolean {
  if (!isRecord(c) || !ACTIONS.includes(c["action"] as Action)) return false;
  const strings = ["address", "vendor", "kind", "reason"].every((k) => typeof c[k] === "string");
  const lists = ["dependsOn", "diffs", "notes"].every((k) => Array.isArray(c[k]));
  const ids = isRecord(c["ids"]) && Object.values(c["ids"]).every((v) => typeof v === "string");
  const specs = ["before", "after"].every((k) => c[k] === null || isRecord(c[k]));
  return strings && lists && ids && specs && typeof c["launchAfter"] === "boolean";
}

const major = (v: string): string => v.split(".")[0] ?? v;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const invalid = (path: string, why: string): ScanformError =>
  new ScanformError("PLAN_FILE_INVALID", `${path} is not a scanform plan: ${why}.`, { hint: "Pass a file written by `scanform plan --out FILE`." });
