/**
 * `scanform import --vendor qualys` against the emulator: 50 web apps and 50 schedules made by hand
 * (raw QPS calls) come out as one manifest (the option profile they use as a `profiles` entry,
 * references by key); the plan only imports them, and after the reviewed apply says `No changes`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { CANARY, startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

/** One QPS call as a person's script would make it; resolves to the first `<id>` of the answer. */
async function qps(path: string, body: string): Promise<string> {
  const auth = Buffer.from(`${CANARY.qualysUsername}:${CANARY.qualysPassword}`).toString("base64");
  const res = await fetch(`${e2e.env.QUALYS_URL}/qps/rest/${path}`, { method: "POST", headers: { authorization: `Basic ${auth}`, "content-type": "text/xml" }, body: `<ServiceRequest>${body}</ServiceRequest>` });
  const text = await res.text();
  const id = /<responseCode>SUCCESS<\/responseCode>[\s\S]*?<id>(\d+)<\/id>/.exec(text)?.[1];
  if (!res.ok || id === undefined) throw new Error(`${path}: ${res.status} ${text}`);
  return id;
}

async function byHand(count: number): Promise<void> {
  const profile = await qps("3.0/search/was/optionprofile", "");
  const tag = await qps("2.0/search/am/tag", `<filters><Criteria field="name" operator="EQUALS">prod</Criteria></filters>`);
  for (let i = 0; i < count; i += 1) {
    const tags = i % 2 === 0 ? `<tags><set><Tag><id>${tag}</id></Tag></set></tags>` : "";
    const app = await qps("3.0/create/was/webapp", `<data><WebApp><name>Shop ${i} (EU)</name><url>https://shop${i}.example.com/</url><defaultProfile><id>${profile}</id></defaultProfile>${tags}</WebApp></data>`);
    const occurrence =
      i % 2 === 0
        ? "<occurrenceType>DAILY</occurrenceType><occurrence><dailyOccurrence><everyNDays>1</everyNDays></dailyOccurrence></occurrence>"
        : "<occurrenceType>WEEKLY</occurrenceType><occurrence><weeklyOccurrence><everyNWeeks>2</everyNWeeks><onDays><WeekDay>MONDAY</WeekDay><WeekDay>FRIDAY</WeekDay></onDays></weeklyOccurrence></occurrence>";
    await qps(
      "3.0/create/was/wasscanschedule",
      `<data><WasScanSchedule><name>Shop ${i} nightly</name><active>${i % 5 !== 0}</active><type>VULNERABILITY</type><target><webApp><id>${app}</id></webApp></target><profile><id>${profile}</id></profile>` +
        `<scheduling><startDate>2026-12-20T01:30:00Z</startDate><timeZone><code>Europe/London</code></timeZone>${occurrence}</scheduling></WasScanSchedule></data>`,
    );
  }
}

describe("scanform import --vendor qualys", () => {
  it("writes manifests for 50 web apps and 50 schedules made by hand that plan as imports only, and to No changes once applied", async () => {
    await byHand(50);
    e2e.clearLog("qualys");
    const imported = await e2e.run("import", "--vendor", "qualys");
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.stdout).toContain("Wrote 101 qualys resources to imported-qualys.yaml (0 already managed, left out).");
    expect(await e2e.state()).toBeUndefined();

    const text = await readFile(join(e2e.dir, "imported-qualys.yaml"), "utf8");
    expect(text).toMatch(/^ {2}profiles:\n {4}# qualys option profile \d+\n {4}initial-was-options:\n {6}name: Initial WAS Options\n {2}schedules:\n/m);
    expect(text).toMatch(/^ {4}# qualys web app \d+\n {4}shop-0-eu:\n {6}name: Shop 0 \(EU\)\n {6}url: https:\/\/shop0.example.com\/\n {6}tags:\n {8}- prod\n {6}defaultProfile: initial-was-options\n {6}adopt: true\n/m);
    expect(text).toMatch(/^ {4}shop-1-nightly:\n {6}name: Shop 1 nightly\n {6}type: VULNERABILITY\n {6}every:\n {8}weeks: 2\n {8}on:\n {10}- mon\n {10}- fri\n {6}at: 01:30\n {6}timezone: Europe\/London\n {6}webApps:\n {8}- shop-1-eu\n {6}profile: initial-was-options\n {6}adopt: true\n/m);

    const plan = await e2e.run("plan");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("Plan: 100 to import, 0 to add, 0 to change, 0 to destroy, 0 to launch.");

    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    expect(e2e.count("qualys", "createWebApp") + e2e.count("qualys", "createSchedule")).toBe(0);
    const after = await e2e.run("plan");
    expect(after.stdout).toContain("No changes.");
    expect(Object.keys((await e2e.state())?.resources ?? {})).toHaveLength(100);
  });

  it("brings along the web apps a filtered schedule uses, and leaves out what state manages", async () => {
    await byHand(3);
    const first = await e2e.run("import", "--vendor", "qualys", "--kind", "schedule", "--name", "^Shop 0 ", "--out", "first.yaml");
    expect(first.stdout).toContain("Wrote 3 qualys resources to first.yaml");
    expect(await readFile(join(e2e.dir, "first.yaml"), "utf8")).toContain("    shop-0-eu:\n");
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const rest = await e2e.run("import", "--vendor", "qualys", "--out", "rest.yaml");
    expect(rest.stdout).toContain("Wrote 4 qualys resources to rest.yaml (2 already managed, left out).");
    const text = await readFile(join(e2e.dir, "rest.yaml"), "utf8");
    expect(text).not.toContain("Shop 0");
    expect(text).not.toContain("profiles:");
    expect((await e2e.run("plan")).stdout).toContain("Plan: 4 to import, 0 to add, 0 to change, 0 to destroy, 0 to launch.");
  });
});
