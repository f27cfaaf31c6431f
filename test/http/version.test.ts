import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { VERSION } from "../../src/core/version.js";
import { USER_AGENT } from "../../src/http/client.js";

it("sends the package version in User-Agent", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  expect(VERSION).toBe(pkg.version);
  expect(USER_AGENT).toBe(`scanform/${pkg.version}`);
});
