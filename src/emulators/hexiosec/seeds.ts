/**
 * A scan's seeds (sheet, "scanform's decisions"; §3, §4): a bare array, tags only with
 * `expand=tags`; one seed added per call, 400 `{code}` for a duplicate or invalid value; delete by
 * seed id. Duplicates are judged on the value, case-insensitively.
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuResponse } from "../core/types.js";
import { apiError, invalid, json, noContent, notFound, parseObject } from "./answers.js";
import { seedProblem, seedTypeOf, SEED_TYPES } from "./seed-values.js";
import type { SeedRecord } from "./store.js";
import type { TenantContext } from "./tenant-context.js";

const seedWire = (seed: SeedRecord, withTags: boolean): JsonValue =>
  withTags ? { id: seed.id, name: seed.name, type: seed.type, tags: [...seed.tags] } : { id: seed.id, name: seed.name, type: seed.type };

export function listSeeds(c: TenantContext, scanId: string, expand: readonly string[]): EmuResponse {
  const scan = c.tenant.scans.get(scanId);
  if (scan === undefined) return notFound(`scan ${scanId}`);
  return json(200, scan.seeds.map((s) => seedWire(s, expand.includes("tags"))));
}

export function addSeed(c: TenantContext, scanId: string, body: string): EmuResponse {
  const scan = c.tenant.scans.get(scanId);
  if (scan === undefined) return notFound(`scan ${scanId}`);
  const parsed = parseObject(body);
  if (!parsed.ok) return parsed.answer;
  const { name, type, tags } = parsed.value;
  if (typeof name !== "string" || name === "") return invalid("invalid_seed", "name is required: a domain, an IP address or an IP range");
  const seedType = typeof type === "string" ? seedTypeOf(type) : undefined;
  if (seedType === undefined) return invalid("invalid_seed_type", `type must be one of ${SEED_TYPES.join(", ")}`);
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
    return invalid("invalid_tags", "tags must be a list of strings");
  }
  const problem = seedProblem(seedType, name);
  if (problem !== undefined) return invalid("invalid_seed", problem);
  if (seedType === "iprange" && !c.settings.ipRanges) {
    return apiError(403, "tier_restricted", "IP range seeds are not available on your plan");
  }
  const key = name.toLowerCase();
  if (scan.seeds.some((s) => s.name.toLowerCase() === key)) return invalid("duplicate_seed", `seed ${name} already exists in this scan`);
  if (scan.seeds.length >= c.settings.maxSeedsPerScan) {
    return apiError(403, "seed_limit_reached", `this scan already has ${scan.seeds.length} seeds, the limit of your plan`);
  }
  const seed: SeedRecord = { id: c.newId(), name, type: type as string, tags: (tags as string[] | undefined) ?? [] };
  scan.seeds.push(seed);
  return json(201, seedWire(seed, true));
}

export function removeSeed(c: TenantContext, scanId: string, seedId: string): EmuResponse {
  const scan = c.tenant.scans.get(scanId);
  if (scan === undefined) return notFound(`scan ${scanId}`);
  const at = scan.seeds.findIndex((s) => s.id === seedId);
  if (at < 0) return notFound(`seed ${seedId}`);
  scan.seeds.splice(at, 1);
  return noContent();
}
