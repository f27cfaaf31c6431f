/**
 * `scanform import` against the emulators: 200 Hexiosec scans made by hand (seeds without the
 * scanform tag) are written as manifests that adopt them; the plan then imports each and changes
 * nothing else; after the reviewed apply the plan says `No changes`. Import itself writes nothing
 * at the vendor and nothing to state.
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

/** Makes scans as a person would in the Hexiosec app: straight through its API, untagged seeds. */
async function byHand(count: number): Promise<void> {
  const base = e2e.emulators.urls["hexiosec"]!;
  const call = async (method: string, path: string, body?: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${base}${path}`, { method, headers: { "x-hexiosec-api-key": CANARY.hexiosecApiKey, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const groups = (await (await fetch(`${base}/v1/scan_groups`, { headers: { "x-hexiosec-api-key": CANARY.hexiosecApiKey } })).json()) as { id: string; name: string }[];
  for (let i = 0; i < count; i += 1) {
    const scan = await call("POST", "/v1/scans", { name: `Hand made ${i} (${i % 2 === 0 ? "EU" : "US"})`, type: "continuous_own", scan_group_id: groups[i % groups.length]!.id, dns_namelist: i % 3 === 0 });
    await call("POST", `/v1/scans/${scan.id}/seeds`, { name: `host${i}.example.com`, type: "domain" });
  }
}

describe("scanform import", () => {
  it("writes manifests for 200 scans made by hand that plan as imports only, and to No changes once applied", async () => {
    await byHand(200);
    e2e.clearLog("hexiosec");
    const imported = await e2e.run("import", "--vendor", "hexiosec");
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.stdout).toContain("Wrote 200 hexiosec resources to imported-hexiosec.yaml (0 already managed, left out).");
    expect(e2e.count("hexiosec", "createScan") + e2e.count("hexiosec", "updateScan") + e2e.count("hexiosec", "addSeed")).toBe(0);
    expect(await e2e.state()).toBeUndefined();

    const text = await readFile(join(e2e.dir, "imported-hexiosec.yaml"), "utf8");
    expect(text).toMatch(/^ {4}# hexiosec scan [0-9a-f-]{36}; 1 seed without the scanform tag, kept, never removed\n {4}hand-made-0-eu:\n {6}name: Hand made 0 \(EU\)\n/m);
    expect(text).toContain("      adopt: true\n");

    const plan = await e2e.run("plan");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("Plan: 200 to import, 0 to add, 0 to change, 0 to destroy, 0 to launch.");

    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const after = await e2e.run("plan");
    expect(after.stdout).toContain("No changes.");
    expect(Object.keys((await e2e.state())?.resources ?? {})).toHaveLength(200);
  });

  it("leaves out what state already manages, and filters by name", async () => {
    await byHand(4);
    expect((await e2e.run("import", "--vendor", "hexiosec", "--name", "\\(EU\\)$", "--out", "eu.yaml")).stdout).toContain("Wrote 2 hexiosec resources to eu.yaml");
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const rest = await e2e.run("import", "--vendor", "hexiosec", "--out", "rest.yaml");
    expect(rest.stdout).toContain("Wrote 2 hexiosec resources to rest.yaml (2 already managed, left out).");
    expect(await readFile(join(e2e.dir, "rest.yaml"), "utf8")).not.toContain("(EU)");
  });

  it("refuses a vendor whose API cannot list its objects, and never overwrites a manifest", async () => {
    const cortex = await e2e.run("import", "--vendor", "cortex");
    expect(cortex.code).toBe(EXIT.error);
    expect(cortex.stderr).toContain("cortex's API cannot list its objects, so scanform cannot import them.");
    await byHand(1);
    const clash = await e2e.run("import", "--vendor", "hexiosec", "--out", "settings.yaml");
    expect(clash.code).toBe(EXIT.error);
    expect(clash.stderr).toContain("settings.yaml exists already; import never overwrites a manifest.");
  });

  it("says which file it cannot write and why, as a coded error", async () => {
    await byHand(1);
    const r = await e2e.run("import", "--vendor", "hexiosec", "--out", "settings.yaml/imported.yaml");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("Cannot write settings.yaml/imported.yaml");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
