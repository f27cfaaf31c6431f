/**
 * `scanform import` writes only what `scanform validate` accepts: an object a manifest could not
 * hold as the vendor has it is left out with a line saying why, never written into a failing file.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerImport } from "../../src/cli/import.js";
import type { CliIO } from "../../src/cli/io.js";
import { registerValidate } from "../../src/cli/validate.js";
import type { InventoryItem } from "../../src/vendors/driver.js";
import { importWorkspace } from "../ops/fake-import-workspace.js";

async function run(argv: readonly string[], cwd: string, items: readonly InventoryItem[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd };
  let code = -1;
  const program = new Command("scanform").exitOverride();
  registerImport(async () => importWorkspace({ items }), () => new Date("2026-11-01T00:00:00Z"))(program, io, (c) => (code = c));
  registerValidate(program, io, (c) => (code = c));
  await program.parseAsync([...argv], { from: "user" });
  return { code, stdout, stderr };
}

const scan = (id: string, name: string, seeds: readonly string[]): InventoryItem => ({
  kind: "scan",
  ids: { id },
  spec: { name, group: "Security", type: "continuous_own", seeds: [...seeds], enabled: true, dnsNamelist: false, ignoreIpNodes: false },
  comment: `hexiosec scan ${id}`,
});

describe("scanform import: what validate would refuse", () => {
  it("leaves out a scan the manifest schema refuses (no seeds), says why, and writes a file validate accepts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scanform-import-"));
    const imported = await run(["import", "--vendor", "hexiosec", dir], dir, [scan("s1", "Perimeter", ["host.example.com"]), scan("s2", "Empty", [])]);
    expect(imported.stdout).toMatch(/^Left out hexiosec scan s2: validate would refuse it as hexiosec holds it: "seeds" needs at least 1 item \(MANIFEST_BAD_LENGTH\); change it at hexiosec, then import again\.$/m);
    expect(imported.stdout).toContain("Wrote 1 hexiosec resource to imported-hexiosec.yaml");
    expect(await readFile(join(dir, "imported-hexiosec.yaml"), "utf8")).not.toContain("Empty");
    expect(await run(["validate", dir], dir)).toMatchObject({ code: 0, stderr: "" });
  });

  it("writes a file validate accepts when two scans share a name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scanform-import-"));
    const items = [scan("s1", "Shop", ["a.example.com"]), scan("s2", "Shop", ["b.example.com"]), scan("s3", "Blog", ["c.example.com"])];
    const imported = await run(["import", "--vendor", "hexiosec", dir], dir, items);
    expect(imported.stdout).toContain('Left out hexiosec scans named "Shop" (ids s1, s2): 2 objects share that name');
    expect(await run(["validate", dir], dir)).toMatchObject({ code: 0, stderr: "" });
  });
});
