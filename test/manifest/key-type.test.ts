/** A Cortex key type as the console's API Keys table shows it is taken in a manifest as in CORTEX_API_KEY_TYPE. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { loadDesired } from "../../src/manifest/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-keytype-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it.each(["Advanced", "standard", "STANDARD"])("takes keyType %s in any letter case", async (keyType) => {
  await writeFile(join(dir, "s.yaml"), `vendors:\n  cortex:\n    keyType: ${keyType}\n`);
  const r = await loadDesired([join(dir, "s.yaml")], { cwd: dir });
  expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual([]);
});
