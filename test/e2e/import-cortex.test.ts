/**
 * `scanform import --vendor cortex --address A --id N`: Cortex cannot list or read definitions, so
 * import writes a block the user completes, taking over definition N by its id. The plan announces
 * that the first apply overwrites it; the apply updates that very definition (no second one), and
 * the next plan says `No changes`. Import itself reads nothing and writes nothing to state.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { cortexTenant, onlyNamed } from "./checks.js";
import { CANARY, startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

/** A definition made in the console: a raw call with an advanced key, as a person's script would. */
async function byHand(): Promise<number> {
  const nonce = "n".repeat(64);
  const timestamp = String(Date.now());
  const res = await fetch(`${e2e.env.CORTEX_URL}/public_api/netscan/v1/scan/definition`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-xdr-auth-id": CANARY.cortexKeyId,
      "x-xdr-nonce": nonce,
      "x-xdr-timestamp": timestamp,
      authorization: createHash("sha256").update(CANARY.cortexKey + nonce + timestamp).digest("hex"),
    },
    body: JSON.stringify({
      vt_config_id: 12, name: "Lab by hand", description: "made in the console", network_scanner_ids: ["0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84"], network: 3, port_list_id: 1,
      scan_ports: [], credential_ids: [], schedule_cadence: "DAILY", schedule_days: 0, schedule_dates: [], schedule_start_date: Date.UTC(2026, 11, 1, 3), schedule_time: { hour: 3, minute: 0, second: 0 },
      schedule_quiet_hours: [], schedule_timezone: "UTC", override_target_exclusions: false, target_ids: [], targets: ["10.50.0.0/24"], excluded_targets: [], enable_report: false,
    }),
  });
  if (!res.ok) throw new Error(`create definition: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { definition_id: number }).definition_id;
}

const COMPLETED = `cortex:
  scans:
    lab:
      adopt: { id: "ID" }
      name: Lab by hand
      template: 12
      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]
      network: 3
      portList: 1
      targets: [10.50.0.0/24, 10.50.1.0/24]
      schedule: { cadence: DAILY, at: "03:00", timezone: UTC, start: 2026-12-01 }
`;

describe("scanform import --vendor cortex --address --id", () => {
  it("takes over a definition made by hand: the plan announces the overwrite, the apply updates that definition, then No changes", async () => {
    const id = await byHand();
    e2e.clearLog("cortex");
    const imported = await e2e.run("import", "--vendor", "cortex", "--address", "cortex.scan.lab", "--id", String(id));
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(EXIT.ok);
    expect(imported.stdout).toContain(`Wrote cortex.scan.lab (cortex id ${id}) to imported-cortex-lab.yaml`);
    expect(e2e.count("cortex", "configureNewScan")).toBe(0);
    expect(await e2e.state()).toBeUndefined();
    const skeleton = await readFile(join(e2e.dir, "imported-cortex-lab.yaml"), "utf8");
    expect(skeleton).toContain(`    # cortex scan ${id}\n    lab:\n      adopt: { id: "${id}" }\n`);
    expect(skeleton).toContain("      # template: TODO (required) ");
    expect((await e2e.run("validate")).code).toBe(EXIT.error);

    await writeFile(join(e2e.dir, "imported-cortex-lab.yaml"), COMPLETED.replace("ID", String(id)));
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.stdout).toContain("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy, 0 to launch.");
    expect(plan.stdout).toContain(`the first apply OVERWRITES scan ${id} with the manifest`);
    // Nothing is shown as unchanged that nobody could read: the manifest's values, as written.
    expect(plan.stdout).toMatch(/^ {6}\+ template += 12$/m);

    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const definitions = cortexTenant(e2e).definitions;
    expect(definitions).toHaveLength(1);
    const lab = onlyNamed(definitions, "Lab by hand");
    expect(lab.id).toBe(id);
    expect(lab.payload["targets"]).toEqual(["10.50.0.0/24", "10.50.1.0/24"]);
    expect((await e2e.state())?.resources["cortex.scan.lab"]).toMatchObject({ ids: { definitionId: String(id) }, origin: "adopted" });
    expect((await e2e.run("plan")).stdout).toContain("No changes.");
  });

  it("without an address, refuses and says how to import by id", async () => {
    const r = await e2e.run("import", "--vendor", "cortex");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("scanform import --vendor cortex --address ADDRESS --id ID");
  });

  it("refuses an address of another vendor or kind, and an id Cortex never issues", async () => {
    expect((await e2e.run("import", "--vendor", "cortex", "--address", "qualys.webApp.lab", "--id", "1")).stderr).toContain("is not an address scanform can import by id at cortex");
    expect((await e2e.run("import", "--vendor", "cortex", "--address", "cortex.scan.lab", "--id", "lab")).stderr).toContain("is not a scan definition id");
    expect((await e2e.run("import", "--vendor", "cortex", "--address", "cortex.scan.lab")).stderr).toContain("--address and --id go together");
  });
});
