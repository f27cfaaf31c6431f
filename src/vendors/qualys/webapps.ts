/**
 * Web app writes (vendors/qualys.md §7): create with name, url, default profile and tags; update
 * with only the fields that changed (tags as an authoritative `<set>`); delete by id.
 */
import type { Address } from "../../core/address.js";
import { isScanformError } from "../../core/errors.js";
import type { QualysWebAppSpec } from "../../manifest/model.js";
import type { Change } from "../../plan/change.js";
import { changedFieldSet } from "../../plan/field-diff.js";
import type { Ids, StepContext } from "../driver.js";
import { NO_PROFILE_REMOVAL, OBJECT_NOT_FOUND, dataItems, webAppBody, type WebAppFields } from "./api.js";
import type { QualysClient } from "./client.js";
import { invalidInput } from "./errors.js";
import type { Lookups } from "./lookups.js";
import { idOf, refId } from "./refs.js";

export interface WriteDeps {
  readonly client: QualysClient;
  readonly lookups: Lookups;
}

const asSpec = (s: unknown): QualysWebAppSpec => s as QualysWebAppSpec;

const profileId = (address: Address, profile: Address | null, ctx: StepContext): string | undefined => (profile === null ? undefined : refId(address, profile, ctx));

export async function createWebApp(change: Change & { action: "create" | "replace" }, ctx: StepContext, deps: WriteDeps): Promise<Ids> {
  const spec = asSpec(change.after);
  const fields: WebAppFields = {
    name: spec.name,
    url: spec.url,
    ...(spec.defaultProfile === null ? {} : { defaultProfileId: profileId(change.address, spec.defaultProfile, ctx) }),
    ...(spec.tags.length === 0 ? {} : { tagIds: await deps.lookups.tagIds(change.address, spec.tags, ctx.signal) }),
  };
  const answer = await deps.client.call("create", "webApp", { body: webAppBody(fields), idempotent: false, address: change.address, signal: ctx.signal });
  const ids = { id: idOf(dataItems(answer, "webApp"), change.address) };
  await ctx.checkpoint(ids);
  return ids;
}

/** Sends the fields the plan's diffs name, and no other: an ignored field is the console's (docs/manifest.md). */
export async function updateWebApp(change: Change & { action: "update" | "import" }, ctx: StepContext, deps: WriteDeps): Promise<void> {
  const after = asSpec(change.after);
  const changed = changedFieldSet(change.diffs);
  if (changed.has("defaultProfile") && after.defaultProfile === null) {
    throw invalidInput(change.address, NO_PROFILE_REMOVAL, "Keep `defaultProfile` in the manifest, or clear it in the Qualys console and add `defaultProfile` to `ignore`.");
  }
  const fields: WebAppFields = {
    ...(changed.has("name") ? { name: after.name } : {}),
    ...(changed.has("url") ? { url: after.url } : {}),
    ...(changed.has("defaultProfile") ? { defaultProfileId: profileId(change.address, after.defaultProfile, ctx) } : {}),
    ...(changed.has("tags") ? { tagIds: await deps.lookups.tagIds(change.address, after.tags, ctx.signal) } : {}),
  };
  if (Object.keys(fields).length === 0) return;
  await deps.client.call("update", "webApp", { id: requireId(change), body: webAppBody(fields), idempotent: true, address: change.address, signal: ctx.signal });
}

export async function deleteWebApp(change: Change & { action: "delete" | "replace" }, ctx: StepContext, deps: WriteDeps): Promise<void> {
  await deleteById("webApp", change, ctx, deps.client);
}

/** Tries of a delete whose answers keep being ambiguous, each after a read showing the object is still there. */
const DELETE_TRIES = 3;

/**
 * Deletes by id; an object already gone is what a delete wants, so OBJECT_NOT_FOUND is done too.
 * A delete is never resent blind (vendors/qualys.md §4): after an ambiguous failure (a 5xx, a
 * dropped connection) the object is read by id, and the delete is sent again only if it is there.
 */
export async function deleteById(object: "webApp" | "schedule", change: Change, ctx: StepContext, client: QualysClient): Promise<void> {
  const where = { id: requireId(change), address: change.address, signal: ctx.signal, alsoDone: [OBJECT_NOT_FOUND] };
  for (let tries = 1; ; tries++) {
    try {
      await client.call("delete", object, { ...where, idempotent: false });
      return;
    } catch (e) {
      if (!isScanformError(e) || e.code !== "VENDOR_AMBIGUOUS" || tries >= DELETE_TRIES) throw e;
    }
    const read = await client.call("get", object, { ...where, idempotent: true });
    if (read.responseCode === OBJECT_NOT_FOUND) return;
  }
}

export function requireId(change: Change): string {
  const id = change.ids["id"];
  if (id === undefined) throw invalidInput(change.address, "no Qualys id is known for it", "Run `scanform plan` again: state or the vendor should provide its id.");
  return id;
}
