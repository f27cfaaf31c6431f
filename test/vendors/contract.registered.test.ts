import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { drivers } from "../../src/vendors/index.js";

describe("driver contract coverage", () => {
  it.each([...drivers.keys()])("the registered driver %s runs the contract suite", (vendor) => {
    const file = fileURLToPath(new URL(`./contract.${vendor}.test.ts`, import.meta.url));
    expect(existsSync(file), `add test/vendors/contract.${vendor}.test.ts calling driverContract("${vendor}", ...)`).toBe(true);
  });
});
