/**
 * A Cortex create whose answer was lost cannot be read back (the API cannot list definitions), so
 * a person records what the console shows with `scanform state journal resolve`. What they record
 * must be what the driver reads: the next apply then updates and launches that very definition,
 * and never makes a second one of the same name (Cortex cannot delete it).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { updateState } from "../../src/state/update.js";
import { applyOk, cortexTenant, expectConverged, onlyNamed } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "cortex.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

const definitionNamed = (name: string) => onlyNamed(cortexTenant(e2e).definitions, name);

/** An apply whose Cortex creates land but whose answers are lost: two entries only a person can settle. */
async function lostCreates(): Promise<Map<string, string>> {
  e2e.faults("cortex", { lostAnswer: 1, operations: ["configureNewScan"] });
  const r = await e2e.run("apply", "--auto-approve");
  expect(r.code).toBe(EXIT.error);
  e2e.faults("cortex", undefined);
  const journal = (await e2e.state())?.journal ?? [];
  return new Map(journal.map((e) => [e.address, e.id]));
}

describe("a Cortex create resolved by hand", () => {
  it("is updated and launched by the next apply, with no second definition of its name", async () => {
    const open = await lostCreates();
    const daily = definitionNamed("E2E lab daily");
    expect((await e2e.run("state", "journal", "resolve", open.get("cortex.scan.lab-daily")!, "--landed", String(daily.id))).code).toBe(EXIT.ok);
    await e2e.run("state", "journal", "resolve", open.get("cortex.scan.lab-weekly")!, "--landed", String(definitionNamed("E2E lab weekly").id));
    await e2e.edit("cortex.yaml", (doc) => doc.setIn(["cortex", "scans", "lab-daily", "targets"], ["10.40.0.0/24", "10.40.9.0/24"]));

    await applyOk(e2e);
    expect(definitionNamed("E2E lab daily").payload.targets).toEqual(["10.40.0.0/24", "10.40.9.0/24"]);
    expect(cortexTenant(e2e).runs.map((run) => run.definitionId)).toEqual([daily.id]);
    expect(cortexTenant(e2e).definitions).toHaveLength(2);
    expect((await e2e.state())?.journal).toEqual([]);
    await expectConverged(e2e);
  });

  it("is refused with an id Cortex never issues, and the entry stays open", async () => {
    const open = await lostCreates();
    const r = await e2e.run("state", "journal", "resolve", open.get("cortex.scan.lab-daily")!, "--landed", "E2E lab daily");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("is not a scan definition id");
    expect((await e2e.state())?.journal).toHaveLength(2);
  });

  it("fails without opening a journal entry when state holds no definition id, however often it is run", async () => {
    await applyOk(e2e);
    // What the resolve of an earlier scanform recorded: an id under a name the driver does not read.
    const backend = await e2e.backend();
    await updateState(backend, (snap) => {
      const entry = snap.resources["cortex.scan.lab-daily"]!;
      const { lastRun: _run, ...rest } = { ...entry, ids: { id: String(definitionNamed("E2E lab daily").id) } };
      return { ...snap, resources: { ...snap.resources, "cortex.scan.lab-daily": rest } };
    });
    for (let run = 0; run < 2; run++) {
      const r = await e2e.run("apply", "--auto-approve");
      expect(r.code).toBe(EXIT.error);
      expect(r.stdout).toContain("state holds no definition id for cortex.scan.lab-daily");
      expect((await e2e.state())?.journal).toEqual([]);
    }
    expect(cortexTenant(e2e).definitions).toHaveLength(2);
  });
});
