/** `cortex.scans.<key>` → `cortex.scan.<key>`: a netscan definition in friendly, normalised form. */
import type { JsonObject } from "../core/json.js";
import type { CortexScanSpec, DesiredResource } from "./model.js";
import type { RawCortexSchedule, RawCortexScan } from "./raw.js";
import type { ResourceInput } from "./resource.js";
import { normaliseTarget, type NormalisedTarget } from "./targets.js";
import { WEEKDAYS, weekOrder } from "./values.js";
import { quote } from "./quote.js";

/** Cortex scans addresses, not names: a domain is refused rather than resolved behind the user's back. */
function networkTarget(value: string): NormalisedTarget {
  const result = normaliseTarget(value);
  if (result.ok && result.type === "domain") {
    return { ok: false, message: `${quote(value)} is a domain name; Cortex network scans take IP addresses, CIDRs and ranges` };
  }
  return result;
}

const sortedNumbers = (values: readonly number[] | undefined): number[] => [...new Set(values ?? [])].sort((a, b) => a - b);

export function buildCortexScan(input: ResourceInput<RawCortexScan>): DesiredResource<CortexScanSpec> {
  const { raw } = input;
  const targets = input.scopedList("targets", raw.targets ?? [], networkTarget, "MANIFEST_BAD_TARGET", "owned");
  const excludedTargets = input.scopedList("excludedTargets", raw.excludedTargets ?? [], networkTarget, "MANIFEST_BAD_TARGET", "owned");
  const targetGroups = sortedNumbers(raw.targetGroups);
  if ((raw.targets ?? []).length === 0 && targetGroups.length === 0) {
    input.report("MANIFEST_CORTEX_NO_TARGETS", `${input.address} has nothing to scan: both "targets" and "targetGroups" are empty`, [], { atKey: true });
  }
  const settings: JsonObject = raw.settings?.aliveTestMethods
    ? { ...raw.settings, aliveTestMethods: [...new Set(raw.settings.aliveTestMethods as readonly string[])].sort() }
    : { ...(raw.settings ?? {}) };
  return input.resource({
    spec: {
      name: input.name,
      description: raw.description ?? "",
      template: raw.template,
      scanners: [...new Set(raw.scanners)].sort(),
      network: raw.network,
      portList: raw.portList,
      credentials: sortedNumbers(raw.credentials),
      targetGroups,
      targets,
      excludedTargets,
      overrideTargetExclusions: raw.overrideTargetExclusions ?? false,
      enableReport: raw.enableReport ?? false,
      schedule: schedule(input, raw.schedule),
      settings,
    },
    launch: raw.launch ?? "never",
    wait: input.wait(raw.wait),
  });
}

function schedule(input: ResourceInput<RawCortexScan>, raw: RawCortexSchedule): CortexScanSpec["schedule"] {
  const at = (field: string) => ["schedule", field];
  const hasDays = (raw.days ?? []).length > 0;
  const hasDates = (raw.dates ?? []).length > 0;
  const mismatch = (field: string, why: string) => input.report("MANIFEST_SCHEDULE_MISMATCH", why, at(field), { atKey: true });
  switch (raw.cadence) {
    case "DAILY":
      if (hasDates) mismatch("dates", `"dates" applies only to a MONTHLY cadence, not DAILY`);
      break;
    case "WEEKLY":
      if (!hasDays) mismatch(raw.days ? "days" : "cadence", `a WEEKLY cadence needs "days", e.g. days: [sun]`);
      if (hasDates) mismatch("dates", `"dates" applies only to a MONTHLY cadence, not WEEKLY`);
      break;
    case "MONTHLY":
      if (!hasDates) mismatch(raw.dates ? "dates" : "cadence", `a MONTHLY cadence needs "dates", e.g. dates: [1, 15]`);
      if (hasDays) mismatch("days", `"days" applies only to DAILY and WEEKLY cadences, not MONTHLY`);
      break;
    case "ONCE":
      if (hasDays) mismatch("days", `a ONCE cadence runs on "start" only; remove "days"`);
      if (hasDates) mismatch("dates", `a ONCE cadence runs on "start" only; remove "dates"`);
      break;
  }
  const days = raw.cadence === "DAILY" && !hasDays ? [...WEEKDAYS] : weekOrder(raw.days ?? []);
  return {
    cadence: raw.cadence,
    days,
    dates: sortedNumbers(raw.dates),
    at: raw.at,
    timezone: input.timezone(at("timezone"), raw.timezone),
    start: raw.start,
    quietHours: (raw.quietHours ?? []).map((q) => ({ start: q.start, end: q.end })),
  };
}
