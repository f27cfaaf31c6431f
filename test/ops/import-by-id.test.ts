import { describe, expect, it } from "vitest";
import { importByIdOperation } from "../../src/ops/import-by-id.js";
import { entry } from "../plan/fakes.js";
import { importWorkspace } from "./fake-import-workspace.js";

const labDaily = entry("cortex.scan.lab-daily", { targets: ["10.0.0.0/16"] }, { ids: { definitionId: "100" } });

describe("import by id: the definition an id names", () => {
  it("refuses an id state holds for another address, however many leading zeros it is written with", async () => {
    const ws = importWorkspace({ state: [labDaily] });
    for (const id of ["100", "0100", "00100"]) {
      await expect(importByIdOperation(ws, { vendor: "cortex", address: "cortex.scan.other", id })).rejects.toMatchObject({ code: "IMPORT_MANAGED", message: expect.stringContaining("cortex.scan.lab-daily") });
    }
  });

  it("writes the id in the one spelling state records", async () => {
    const found = await importByIdOperation(importWorkspace({ state: [labDaily] }), { vendor: "cortex", address: "cortex.scan.other", id: "0101" });
    expect(found).toEqual({ vendor: "cortex", kind: "scan", key: "other", id: "101" });
  });

  it("refuses to take over a Qualys object by id: Qualys lists its objects, so import and adopt find them by name", async () => {
    await expect(importByIdOperation(importWorkspace(), { vendor: "qualys", address: "qualys.webApp.shop", id: "0100" })).rejects.toMatchObject({ code: "IMPORT_ADDRESS" });
  });
});
