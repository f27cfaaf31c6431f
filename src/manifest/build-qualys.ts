/** `qualys.{profiles,webApps,schedules,scans}.<key>` → `qualys.{profile,webApp,schedule,scan}.<key>`. */
import type { Address } from "../core/address.js";
import type {
  DesiredResource,
  QualysOccurrence,
  QualysProfileSpec,
  QualysScanSpec,
  QualysScheduleSpec,
  QualysWebAppSpec,
} from "./model.js";
import type { RawQualysEvery, RawQualysProfile, RawQualysSchedule, RawQualysScan, RawQualysWebApp } from "./raw.js";
import type { ResourceInput } from "./resource.js";
import { normaliseTarget } from "./targets.js";
import { weekOrder } from "./values.js";
import { quote } from "./quote.js";

/** Why MONTHLY is refused, as vendors/qualys.md gives it. */
export const QUALYS_MONTHLY_REASON =
  "Qualys WAS monthly schedules are not supported yet: public sources disagree on the XML form of a monthly occurrence and the XSD that settles it is not public";

export function buildQualysProfile(input: ResourceInput<RawQualysProfile>): DesiredResource<QualysProfileSpec> {
  return input.resource({ mode: "data", spec: { name: input.name } });
}

export function buildQualysWebApp(input: ResourceInput<RawQualysWebApp>): DesiredResource<QualysWebAppSpec> {
  const { raw } = input;
  checkAppUrl(input, raw.url);
  const tags = input.normaliseList("tags", raw.tags ?? [], (t) => ({ ok: true, value: t.trim() }), "MANIFEST_BAD_FORMAT");
  const defaultProfile = raw.defaultProfile == null ? null : input.refer("profile", raw.defaultProfile, ["defaultProfile"]);
  return input.resource({
    spec: { name: input.name, url: raw.url.trim(), tags, defaultProfile },
    dependsOn: defaultProfile === null ? [] : [defaultProfile],
  });
}

function checkAppUrl(input: ResourceInput<RawQualysWebApp>, url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || parsed.hostname === "") {
    input.report("MANIFEST_BAD_URL", `${quote(url)} is not an http or https URL`, ["url"], {
      hint: "Write the application's full starting URL, e.g. https://shop.example.com/.",
    });
    return;
  }
  // The host is what Qualys scans, so it is what the scope guard holds to the owned scope.
  const host = normaliseTarget(parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname);
  if (!host.ok) return;
  const exception = input.raw.outOfScope;
  input.scope("url", url, host, "owned", ["url"], exception === undefined ? undefined : { raw: exception, at: ["outOfScope"] });
}

function webApps(input: ResourceInput<RawQualysSchedule | RawQualysScan>, keys: readonly string[]): Address[] {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key)) {
      input.report("MANIFEST_DUPLICATE_VALUE", `the web app ${quote(key)} is listed twice`, ["webApps", i], { severity: "warning" });
    }
    seen.add(key);
  });
  return [...seen].map((key) => input.refer("webApp", key, ["webApps", keys.indexOf(key)])).sort();
}

/** The manifest says `every`; the spec, and so `ignore`, call it `occurrence`. */
const SCHEDULE_FIELD_NAMES = { every: "occurrence" };

export function buildQualysSchedule(input: ResourceInput<RawQualysSchedule>): DesiredResource<QualysScheduleSpec> {
  const { raw } = input;
  const apps = webApps(input, raw.webApps);
  const profile = input.refer("profile", raw.profile, ["profile"]);
  return input.resource({
    spec: {
      name: input.name,
      type: raw.type,
      webApps: apps,
      profile,
      occurrence: occurrence(input, raw.every),
      at: raw.at,
      timezone: input.timezone(["timezone"], raw.timezone),
      active: raw.active ?? true,
    },
    dependsOn: [...apps, profile],
    options: input.options(SCHEDULE_FIELD_NAMES),
  });
}

function occurrence(input: ResourceInput<RawQualysSchedule>, every: RawQualysEvery): QualysOccurrence {
  const mismatch = (field: string, why: string) => input.report("MANIFEST_SCHEDULE_MISMATCH", why, ["every", field], { atKey: true });
  if (every.months !== undefined) {
    input.report("MANIFEST_QUALYS_MONTHLY", QUALYS_MONTHLY_REASON, ["every", "months"], { atKey: true });
  } else if (every.days === undefined && every.weeks === undefined) {
    input.report("MANIFEST_SCHEDULE_MISMATCH", `"every" needs days (every N days) or weeks with on (every N weeks)`, ["every"], { atKey: true });
  }
  if (every.days !== undefined && every.weeks !== undefined) mismatch("weeks", `"every" takes days or weeks, not both`);
  if (every.days !== undefined && every.on !== undefined) mismatch("on", `"on" goes with weeks; a daily schedule runs every N days`);
  if (every.weeks !== undefined && every.on === undefined) mismatch("weeks", `"weeks" needs "on", the days of the week, e.g. on: [sun]`);
  if (every.weeks !== undefined) return { type: "WEEKLY", everyNWeeks: every.weeks, days: weekOrder(every.on ?? []) };
  return { type: "DAILY", everyNDays: every.days ?? 1 };
}

export function buildQualysScan(input: ResourceInput<RawQualysScan>): DesiredResource<QualysScanSpec> {
  const { raw } = input;
  const apps = webApps(input, raw.webApps);
  const profile = raw.profile === undefined ? null : input.refer("profile", raw.profile, ["profile"]);
  return input.resource({
    spec: { name: input.name, type: raw.type, webApps: apps, profile },
    dependsOn: profile === null ? apps : [...apps, profile],
    launch: raw.launch,
    wait: input.wait(raw.wait),
  });
}

/**
 * A scan without `profile` runs each web app with its `defaultProfile`; a web app without one
 * cannot be scanned that way. Checked once every file is read, since the web app may live elsewhere.
 */
export function scansWithoutProfile(resources: ReadonlyMap<Address, DesiredResource>): { scan: DesiredResource; webApp: Address }[] {
  const out: { scan: DesiredResource; webApp: Address }[] = [];
  for (const resource of resources.values()) {
    if (resource.vendor !== "qualys" || resource.kind !== "scan" || resource.spec.profile !== null) continue;
    for (const app of resource.spec.webApps as readonly Address[]) {
      const target = resources.get(app);
      if (target !== undefined && target.spec.defaultProfile === null) out.push({ scan: resource, webApp: app });
    }
  }
  return out;
}
