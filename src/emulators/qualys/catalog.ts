/**
 * What a tenant ships with and scanform only reads: AM tags (search/am/tag v2.0, vendors/qualys.md
 * §9) and WAS option profiles (§8, with the built-in "Initial WAS Options").
 */
import type { EmuResponse } from "../core/types.js";
import { success, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import { countAnswer, findById, searchAnswer, type Fields } from "./search.js";
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

export const searchTags = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse =>
  searchAnswer(env, request, tenant.store.tags, TAG_FIELDS, renderTag);

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

export const searchProfiles = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse =>
  searchAnswer(env, request, tenant.store.profiles, profileFields(tenant), (p) => renderProfile(tenant, p));

export const countProfiles = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse =>
  countAnswer(env, request, tenant.store.profiles, profileFields(tenant));

export const getProfile = (tenant: Tenant, env: Envelope, id: number): EmuResponse =>
  success(env, { items: [renderProfile(tenant, findById(tenant.store.profiles, id, "OptionProfile"))] });
