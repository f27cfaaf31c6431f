/**
 * The six netscan operations (vendors/cortex.md §1.1–§1.4) over the store, after routing, auth and
 * the User-Agent check. Each returns the vendor's answer; none throws for a client mistake.
 */
import type { JsonObject, JsonValue } from "../../core/json.js";
import type { EmuRequest, EmuResponse } from "../core/types.js";
import { applyCommand, commandDoneText, runState, type RunOutcome, type RunTiming } from "./runs.js";
import { commandBody, launchBody, scanDefinitionPayload, type RunCommand } from "./schema.js";
import type { CortexStore } from "./store.js";
import { validate } from "./validate.js";
import { jsonAnswer, launchedText, MESSAGES, netscanError, statusText, type FieldAndMessage } from "./wire.js";

export interface HandlerContext {
  readonly store: CortexStore;
  readonly now: number;
  readonly timing: RunTiming;
  readonly runOutcome: RunOutcome;
  /** Known vt_config_ids; every id is known when absent. */
  readonly templates: ReadonlySet<number> | undefined;
}

type Parsed = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly answer: EmuResponse };

function parseJson(body: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(body) as JsonValue };
  } catch {
    return { ok: false, answer: netscanError(400, MESSAGES.badRequest, [{ field: "body", message: "Invalid JSON" }]) };
  }
}

const invalid = (extra: readonly FieldAndMessage[]): EmuResponse => netscanError(422, MESSAGES.invalid, extra);

/** Path and query ids are int64 (§1.3); anything else is a validation error on that parameter. */
function pathInt(text: string | null | undefined, field: string): number | FieldAndMessage {
  if (text === null || text === undefined || text === "") return { field, message: "Field required" };
  if (!/^\d{1,15}$/.test(text)) return { field, message: "Input should be a valid integer" };
  return Number(text) >= 1 ? Number(text) : { field, message: "Input should be greater than or equal to 1" };
}

/** §1.1: a flat body; with `definition_id` it replaces that definition whole (scanform's decision). */
export function configureNewScan(req: EmuRequest, ctx: HandlerContext): EmuResponse {
  const parsed = parseJson(req.body);
  if (!parsed.ok) return parsed.answer;
  const problems = validate(parsed.value, scanDefinitionPayload);
  if (problems.length > 0) return invalid(problems);
  const { definition_id: definitionId, ...payload } = parsed.value as JsonObject;
  if (ctx.templates !== undefined && !ctx.templates.has(payload.vt_config_id as number)) return netscanError(404, MESSAGES.templateNotFound);
  if (typeof definitionId === "number") {
    const existing = ctx.store.definitions.get(definitionId);
    if (existing === undefined) return netscanError(404, MESSAGES.templateNotFound);
    ctx.store.definitions.set(definitionId, { ...existing, payload, updatedAt: ctx.now });
    return jsonAnswer(200, { definition_id: definitionId, message: MESSAGES.updated });
  }
  const id = ctx.store.nextDefinitionId++;
  ctx.store.definitions.set(id, { id, payload, createdAt: ctx.now, updatedAt: ctx.now });
  return jsonAnswer(201, { definition_id: id, message: MESSAGES.created });
}

/** §1.2: `request_data` wrapped; the run id is only inside the DATA text. */
export function launchRun(req: EmuRequest, ctx: HandlerContext, pathId?: string): EmuResponse {
  const parsed = parseJson(req.body);
  if (!parsed.ok) return parsed.answer;
  const problems = validate(parsed.value, launchBody);
  const byPath = pathId === undefined ? undefined : pathInt(pathId, "id");
  if (typeof byPath === "object") problems.push(byPath);
  if (problems.length > 0) return invalid(problems);
  const data = (parsed.value as { request_data: { definition_id: number; target?: string } }).request_data;
  // §6.8 leaves open whether body and path must agree; scanform's emulator insists they do.
  if (typeof byPath === "number" && byPath !== data.definition_id) {
    return invalid([{ field: "request_data.definition_id", message: "Input should match the definition id in the path" }]);
  }
  if (!ctx.store.definitions.has(data.definition_id)) return netscanError(404, MESSAGES.notFound);
  const id = ctx.store.nextRunId++;
  ctx.store.runs.set(id, { id, definitionId: data.definition_id, target: data.target ?? null, launchedAt: ctx.now, activeMs: 0, segmentStart: ctx.now, aborted: false, outcome: ctx.runOutcome });
  return jsonAnswer(200, { DATA: launchedText(id) });
}

/** §1.3: `fields` is a required list whose only documented value is `status`. */
export function runStatus(req: EmuRequest, ctx: HandlerContext, pathId?: string): EmuResponse {
  const problems: FieldAndMessage[] = [];
  const id = pathInt(pathId ?? req.query.get("id"), "id");
  if (typeof id === "object") problems.push(id);
  const fields = req.query.getAll("fields");
  if (fields.length === 0) problems.push({ field: "fields", message: "Field required" });
  fields.forEach((f, i) => {
    if (f !== "status") problems.push({ field: `fields.${i}`, message: "Input should be 'status'" });
  });
  if (problems.length > 0 || typeof id !== "number") return invalid(problems);
  const run = ctx.store.runs.get(id);
  if (run === undefined) return netscanError(404, MESSAGES.runNotFound);
  return jsonAnswer(200, { DATA: statusText(runState(run, ctx.now, ctx.timing)) });
}

/** §1.4: PAUSE, RESUME, ABORT; a command the run's state does not allow is the same 404. */
export function runCommand(req: EmuRequest, ctx: HandlerContext, pathId: string): EmuResponse {
  const parsed = parseJson(req.body);
  if (!parsed.ok) return parsed.answer;
  const problems = validate(parsed.value, commandBody);
  const id = pathInt(pathId, "id");
  if (typeof id === "object") problems.push(id);
  if (problems.length > 0 || typeof id !== "number") return invalid(problems);
  const command = (parsed.value as { request_data: { type: RunCommand } }).request_data.type;
  const run = ctx.store.runs.get(id);
  const next = run === undefined ? undefined : applyCommand(run, command, ctx.now, ctx.timing);
  if (next === undefined) return netscanError(404, MESSAGES.commandRefused);
  ctx.store.runs.set(id, next);
  return jsonAnswer(200, { DATA: commandDoneText[command] });
}
