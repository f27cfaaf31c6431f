import { resolve } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { registerSchema } from "../../src/cli/schema.js";
import { registerValidate } from "../../src/cli/validate.js";
import { readManifestSchemaText } from "../../src/manifest/index.js";

const BAD = "test/fixtures/manifest/bad";

/** The validate and schema commands as main.ts registers them, over captured streams. */
async function run(argv: readonly string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd };
  let code = -1;
  const program = new Command("scanform").exitOverride();
  registerValidate(program, io, (c) => (code = c));
  registerSchema(program, io, (c) => (code = c));
  await program.parseAsync([...argv], { from: "user" });
  return { code, stdout, stderr };
}

describe("scanform validate", () => {
  it("exits 0 with a one-line summary when the manifests are valid", async () => {
    const { code, stdout, stderr } = await run(["validate", "scans/"]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "9 resources in 4 files are valid.\n", stderr: "" });
  });

  it("reads the current directory when given no path", async () => {
    const { code, stdout } = await run(["validate"], resolve("scans"));
    expect({ code, stdout }).toEqual({ code: 0, stdout: "9 resources in 4 files are valid.\n" });
  });

  it("counts only the files it was given", async () => {
    const { stdout } = await run(["validate", "scans/hexiosec.yaml", "scans/cortex.yaml", "scans/settings.yaml"]);
    expect(stdout).toBe("4 resources in 3 files are valid.\n");
  });

  it("says once, after the summary, that no scope is declared", async () => {
    const { code, stdout, stderr } = await run(["validate", "scans/hexiosec.yaml", "scans/cortex.yaml"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      "4 resources in 2 files are valid.\n" +
        "No scope is declared: seeds, targets and URLs were not checked against what you own. Add a `scope:` block (docs/manifest.md#scope).\n",
    );
  });

  it("exits 1 and prints a bad CIDR on line 7 as file:7:col with the fix", async () => {
    const { code, stdout, stderr } = await run(["validate", `${BAD}/bad-cidr.yaml`]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(
      `${BAD}/bad-cidr.yaml:7:28: error MANIFEST_BAD_SEED: "203.0.113.0/33": prefix length 33 is out of range for IPv4 (0-32) (at hexiosec.scans.perimeter.seeds[1])\n` +
        "    Write a domain (example.com), an address, a CIDR (203.0.113.0/24) or a range (a-b).\n" +
        "1 error found; nothing is valid until all are fixed.\n",
    );
  });

  it("prints every error of a file", async () => {
    const { code, stderr } = await run(["validate", `${BAD}/many-errors.yaml`]);
    expect(code).toBe(1);
    await expect(stderr).toMatchFileSnapshot("__snapshots__/validate-many-errors.txt");
  });

  it("prints the findings as JSON for tools with --json", async () => {
    const { code, stdout } = await run(["validate", "--json", `${BAD}/many-errors.yaml`]);
    expect(code).toBe(1);
    await expect(stdout).toMatchFileSnapshot("__snapshots__/validate-many-errors.json");
  });

  it("lists the files and resources in JSON when valid", async () => {
    const { stdout } = await run(["validate", "--json", "scans/hexiosec.yaml", "scans/settings.yaml"]);
    expect(JSON.parse(stdout)).toEqual({
      version: 1,
      valid: true,
      files: ["scans/hexiosec.yaml", "scans/settings.yaml"],
      resources: ["hexiosec.scan.corp-perimeter", "hexiosec.scan.supplier-portal"],
      scopeDeclared: true,
      diagnostics: [],
    });
  });

  it("prints a warning but still exits 0", async () => {
    const { code, stderr, stdout } = await run(["validate", "test/fixtures/manifest/warnings/duplicate-seed.yaml"]);
    expect(code).toBe(0);
    expect(stderr).toContain("warning MANIFEST_DUPLICATE_VALUE:");
    expect(stdout).toMatch(/^1 resource in 1 file is valid\.\n/);
  });
});

describe("scanform schema", () => {
  it("prints the manifest JSON Schema", async () => {
    const { code, stdout } = await run(["schema"]);
    expect(code).toBe(0);
    expect(stdout).toBe(readManifestSchemaText());
  });

  it("prints where the schema file is with --path", async () => {
    const { stdout } = await run(["schema", "--path"]);
    expect(stdout.trim()).toMatch(/schemas\/manifest\.schema\.json$/);
  });
});
