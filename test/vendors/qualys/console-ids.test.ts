import { describe, expect, it } from "vitest";
import { qualysDriver } from "../../../src/vendors/qualys/driver.js";
import { idOf } from "../../../src/vendors/qualys/refs.js";

// Qualys reads an object id as a number, so `0100` and `100` name one web app: state must hold one spelling.
describe("qualys: an id given by hand (journal resolve)", () => {
  it("takes the id as the console shows it", () => {
    expect(qualysDriver.idsFromConsole("webApp", "100")).toEqual({ id: "100" });
  });

  it("records an id written with leading zeros as the object Qualys means", () => {
    expect(qualysDriver.idsFromConsole("webApp", "0100")).toEqual({ id: "100" });
    expect(qualysDriver.idsFromConsole("schedule", "007")).toEqual({ id: "7" });
  });

  it.each(["", "shop", "-1", "1e3", " 100"])("refuses %j, which Qualys never issues, with VENDOR_ID_INVALID", (id) => {
    expect(() => qualysDriver.idsFromConsole("webApp", id)).toThrow(expect.objectContaining({ code: "VENDOR_ID_INVALID" }));
  });
});

describe("qualys: the id a create's answer gives", () => {
  it("is taken when it is a number Qualys issues", () => {
    expect(idOf([{ id: "4021" }], "qualys.webApp.shop")).toBe("4021");
  });

  it.each(["abc", "12a", "-4"])("is not taken when it is %j, which Qualys never issues: the object is read back by name", (id) => {
    expect(() => idOf([{ id }], "qualys.webApp.shop")).toThrow(expect.objectContaining({ code: "VENDOR_AMBIGUOUS" }));
  });
});
