import { describe, expect, it } from "vitest";
import { cortexDriver } from "../../../src/vendors/cortex/driver.js";

// Cortex takes a definition id as an integer, so `0100` and `100` name one definition.
describe("cortex: a definition id given by hand (import --id, adopt: {id}, journal resolve)", () => {
  it("takes the id as the console shows it", () => {
    expect(cortexDriver.idsFromConsole("scan", "100")).toEqual({ definitionId: "100" });
  });

  it("records an id written with leading zeros as the definition Cortex means", () => {
    expect(cortexDriver.idsFromConsole("scan", "0100")).toEqual({ definitionId: "100" });
    expect(cortexDriver.idsFromConsole("scan", "000")).toEqual({ definitionId: "0" });
  });

  it("gives adopt: {id} the ids import --id gives the same id", () => {
    expect(cortexDriver.kinds["scan"]?.adoptById?.ids("0100")).toEqual(cortexDriver.idsFromConsole("scan", "100"));
  });

  it.each(["", "lab", "-1", "1e3", " 100", "123456789012345678"])("refuses %j, which Cortex never issues, with VENDOR_ID_INVALID", (id) => {
    expect(() => cortexDriver.idsFromConsole("scan", id)).toThrow(expect.objectContaining({ code: "VENDOR_ID_INVALID" }));
  });
});
