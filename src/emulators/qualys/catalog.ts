/**
 * What a tenant ships with and scanform only reads: AM tags (search/am/tag v2.0, vendors/qualys.md
 * §9) and WAS option profiles (§8, with the built-in "Initial WAS Options").
 */
import type { EmuResponse } from "../core/types.js";
import { QpsError, countOnly, success, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import { filterObjects, page, readPreferences, type Fields } from "./search.js";
import { qDate, type ProfileRecord, type Store, type TagRecord } from "./store.js";
import type { XNode } from "./xml-in.js";
import { bare, el, qlist, text, type Out } from "./xml-out.js";

export function seedCatalog(store: Store, tenant: Pick<Tenant, "options" | "clock">): void {
  const created = qDate(tenant.clock.now());
  for (const name of tenant.options.tags) store.tags.push({ id: store.nextId.tag++, name, created });
  tenant.options.profiles.forEach((name, i) => store.profiles.push({ id: store.nextId.profile++, name, isDefault: i === 0, createdDate: created }));
}

const TAG_FIELDS: Fields<TagRecord> = {
  id: { type: "long", read: (t) => [t.id] },
  name: { type: "text", read: (t) => [t.name] },
};

const renderTag = (t: TagRecord): Out => el("Tag", bare("id", t.id), text("name", t.name), bare("created", t.created), bare("modified", t.created));

export function searchTags(tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse {
  const found = page(filterObjects(request, tenant.store.tags, TAG_FIELDS), readPreferences(request));
  return success(env, { items: found.items.map(renderTag), hasMoreRecords: found.hasMoreRecords, lastId: found.lastId });
}

function profileFields(tenant: Tenant): Fields<ProfileRecord> {
  const store = tenant.store;
  return {
    id: { type: "long", read: (p) => [p.id] },
    name: { type: "text", read: (p) => [p.name] },
    createdDate: { type: "date", read: (p) => [p.createdDate] },
    updatedDate: { type: "date", read: (p) => [p.createdDate] },
    // Profiles carry no tags in the emulator: these criteria are valid and match nothing.
    "tags.id": { type: "long", read: () => [] },
    "tags.name": { type: "text", read: () => [] },
    usedByWebApps: { type: "boolean", read: (p) => [store.webApps.some((w) => w.defaultProfileId === p.id)] },
    usedBySchedules: { type: "boolean", read: (p) => [store.schedules.some((s) => s.profileId === p.id)] },
    "owner.name": { type: "text", read: () => [tenant.user.username] },
    "owner.username": { type: "text", read: () => [tenant.user.username] },
  };
}

function renderProfile(tenant: Tenant, p: ProfileRecord): Out {
  return el(
    "OptionProfile",
    bare("id", p.id),
    text("name", p.name),
    el("owner", bare("id", tenant.user.id), text("username", tenant.user.username)),
    bare("isDefault", p.isDefault),
    qlist("tags", []),
    bare("createdDate", p.createdDate),
    bare("updatedDate", p.createdDate),
  );
}

export function searchProfiles(tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse {
  const found = page(filterObjects(request, tenant.store.profiles, profileFields(tenant)), readPreferences(request));
  return success(env, { items: found.items.map((p) => renderProfile(tenant, p)), hasMoreRecords: found.hasMoreRecords, lastId: found.lastId });
}

export function countProfiles(tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse {
  return countOnly(env, filterObjects(request, tenant.store.profiles, profileFields(tenant)).length);
}

export function getProfile(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  const p = tenant.store.profiles.find((x) => x.id === id);
  if (p === undefined) throw notFound("OptionProfile", id);
  return success(env, { items: [renderProfile(tenant, p)] });
}

export const notFound = (object: string, id: number): QpsError =>
  new QpsError("OBJECT_NOT_FOUND", `${object} with id ${id} was not found.`, `Check the id, and that the object is in your scope.`);
