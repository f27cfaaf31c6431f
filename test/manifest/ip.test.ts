import { describe, expect, it } from "vitest";
import { createRandom } from "../../src/emulators/core/random.js";
import { formatIp, ipv4Problem, parseIpv4 } from "../../src/manifest/ip.js";

describe("parseIpv4", () => {
  it("reads an address exactly when ipv4Problem finds nothing wrong, on seeded dotted text", () => {
    const random = createRandom(4);
    const pieces = ["0", "1", "9", "00", "01", "10", "99", "100", "199", "255", "256", "300", "999", "1000", "", ".", "..", "a", " ", "-1", "+1", "1e2", "٣"];
    for (let n = 0; n < 20000; n++) {
      let text = "";
      for (let len = 1 + Math.floor(random.next() * 8); len > 0; len--) text += pieces[Math.floor(random.next() * pieces.length)]!;
      const ip = parseIpv4(text);
      expect(ip === undefined, text).toBe(ipv4Problem(text) !== undefined);
      if (ip !== undefined) expect(formatIp(ip), text).toBe(text);
    }
  });

  it("reads the bounds of the address space", () => {
    expect(parseIpv4("0.0.0.0")?.value).toBe(0n);
    expect(parseIpv4("255.255.255.255")?.value).toBe(4294967295n);
    expect(parseIpv4("10.0.0.1")?.value).toBe(167772161n);
  });

  it("refuses leading zeros, values above 255, missing parts and other characters", () => {
    for (const text of ["010.0.0.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.4 ", "1.2.3.x", ""]) expect(parseIpv4(text), text).toBeUndefined();
  });
});
