import { describe, expect, it } from "vitest";
import { hexiosecDriver } from "../../../src/vendors/hexiosec/driver.js";

describe("hexiosec: a scan id given by hand (scanform import ADDRESS ID)", () => {
  it("takes the id as the app shows it", () => {
    expect(hexiosecDriver.idsFromConsole("scan", "7d3f0c1e-5b1a-4b8e-9c33-0e4c8b8f4a10")).toEqual({ id: "7d3f0c1e-5b1a-4b8e-9c33-0e4c8b8f4a10" });
  });

  it.each(["", "  ", ".", ".."])("refuses %j, which no request path can name, with VENDOR_ID_INVALID", (id) => {
    expect(() => hexiosecDriver.idsFromConsole("scan", id)).toThrow(expect.objectContaining({ code: "VENDOR_ID_INVALID" }));
  });
});
