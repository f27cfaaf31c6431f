/**
 * The environment variables the manifests' settings need are reported all at once, each as "not
 * set" or "empty", so a person fixes them in one go instead of one run per variable.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

const FIXTURES = fileURLToPath(new URL("../e2e/fixtures", import.meta.url));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "scanform-missing-vars-"));
  for (const f of ["settings.yaml", "qualys.yaml"]) await cp(join(FIXTURES, f), join(cwd, f));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

describe("a plan whose vendor settings lack environment variables", () => {
  it("names every missing variable of the vendor at once, empty apart from not set, and exits 1", async () => {
    const { io, err } = cliIO({ cwd, env: { QUALYS_URL: "http://127.0.0.1:9", QUALYS_PASSWORD: "" } });
    expect(await main(["plan"], io)).toBe(EXIT.error);
    await expect(err()).toMatchFileSnapshot("__golden__/plan-missing-variables.txt");
  });
});
