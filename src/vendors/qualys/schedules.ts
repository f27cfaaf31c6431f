/**
 * Schedule writes (vendors/qualys.md §11): create; update of what changed (the timing is sent as a
 * whole `scheduling` with a fresh future start); activate and deactivate for `active`; delete.
 */
import type { QualysScheduleSpec } from "../../manifest/model.js";
import type { Change } from "../../plan/change.js";
import { changedFieldSet } from "../../plan/field-diff.js";
import type { Ids, StepContext } from "../driver.js";
import { CREATED_SCANNER, START_MARGIN_MS, dataItems, scheduleBody, type ScheduleFields, type Scheduling } from "./api.js";
import type { QualysClient } from "./client.js";
import { invalidInput } from "./errors.js";
import { idOf, refId } from "./refs.js";
import { knowsZone } from "../../core/wall-clock.js";
import { nextStart } from "./schedule-time.js";
import { deleteById, requireId } from "./webapps.js";

export interface ScheduleDeps {
  readonly client: QualysClient;
  readonly now: () => Date;
}

const asSpec = (s: unknown): QualysScheduleSpec => s as QualysScheduleSpec;

function scheduling(address: string, spec: QualysScheduleSpec, now: Date): Scheduling {
  if (!knowsZone(spec.timezone)) throw invalidInput(address, `unknown time zone "${spec.timezone}"`, "Use an IANA zone name such as UTC or Europe/London.");
  return { startDate: nextStart(spec.at, spec.timezone, spec.occurrence, now, START_MARGIN_MS), timeZone: spec.timezone, occurrence: spec.occurrence };
}

const webAppIds = (address: string, spec: QualysScheduleSpec, ctx: StepContext): string[] => spec.webApps.map((w) => refId(address, w, ctx));

export async function createSchedule(change: Change & { action: "create" | "replace" }, ctx: StepContext, deps: ScheduleDeps): Promise<Ids> {
  const spec = asSpec(change.after);
  const fields: ScheduleFields = {
    name: spec.name,
    active: spec.active,
    type: spec.type,
    webAppIds: webAppIds(change.address, spec, ctx),
    scanner: CREATED_SCANNER,
    profileId: refId(change.address, spec.profile, ctx),
    scheduling: scheduling(change.address, spec, deps.now()),
  };
  const answer = await deps.client.call("create", "schedule", { body: scheduleBody(fields), idempotent: false, address: change.address, signal: ctx.signal });
  const ids = { id: idOf(dataItems(answer, "schedule"), change.address) };
  await ctx.checkpoint(ids);
  return ids;
}

/**
 * Sends the fields the plan's diffs name, and no other: an ignored field is the console's
 * (docs/manifest.md). The timing goes as one `scheduling`, so any of its fields sends it whole.
 */
export async function updateSchedule(change: Change & { action: "update" | "import" }, ctx: StepContext, deps: ScheduleDeps): Promise<void> {
  const after = asSpec(change.after);
  const id = requireId(change);
  const changed = changedFieldSet(change.diffs);
  const timingChanged = TIMING.some((f) => changed.has(f));
  const fields: ScheduleFields = {
    ...(changed.has("name") ? { name: after.name } : {}),
    ...(changed.has("type") ? { type: after.type } : {}),
    ...(changed.has("webApps") ? { webAppIds: webAppIds(change.address, after, ctx) } : {}),
    ...(changed.has("profile") ? { profileId: refId(change.address, after.profile, ctx) } : {}),
    ...(timingChanged ? { scheduling: scheduling(change.address, after, deps.now()) } : {}),
  };
  const common = { id, idempotent: true, address: change.address, signal: ctx.signal };
  if (Object.keys(fields).length > 0) await deps.client.call("update", "schedule", { ...common, body: scheduleBody(fields) });
  if (changed.has("active")) await deps.client.call(after.active ? "activate" : "deactivate", "schedule", common);
}

/** The spec's fields that make up the `scheduling` Qualys takes whole. */
const TIMING = ["at", "timezone", "occurrence"] as const;

export async function deleteSchedule(change: Change & { action: "delete" | "replace" }, ctx: StepContext, deps: ScheduleDeps): Promise<void> {
  await deleteById("schedule", change, ctx, deps.client);
}
