import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** A temporary repository holding `files` (path → text). */
async function repositoryWith(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "scanform-validate-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
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
      format_version: "2.0",
      valid: true,
      files: ["scans/hexiosec.yaml", "scans/settings.yaml"],
      resources: ["hexiosec.scan.corp-perimeter", "hexiosec.scan.supplier-portal"],
      scope_declared: true,
      skipped: [],
      diagnostics: [],
    });
  });

  it("reads only the YAML files that hold a scanform top-level key when given a directory, and says which it skipped and why", async () => {
    const root = await repositoryWith({
      "scans/hexiosec.yaml": await readFile("scans/hexiosec.yaml", "utf8"),
      "scans/settings.yaml": await readFile("scans/settings.yaml", "utf8"),
      ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
      "docker-compose.yml": "services:\n  db:\n    image: postgres\n",
      "flow.yaml": "{ \"replicas\": 3 }\n",
    });
    const { code, stdout, stderr } = await run(["validate"], root);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(
      "2 resources in 2 files are valid.\n" +
        "Read: scans/hexiosec.yaml, scans/settings.yaml\n" +
        "Skipped 3 YAML files with no scanform top-level key (vendors, state, scope, moved, hexiosec, cortex, qualys):\n" +
        "  .github/workflows/ci.yml: top-level keys name, on, jobs\n" +
        "  docker-compose.yml: top-level keys services\n" +
        "  flow.yaml: top-level keys replicas\n",
    );
  });

  it("still reads a YAML file named explicitly, and reports what is wrong with it", async () => {
    const root = await repositoryWith({ "docker-compose.yml": "services:\n  db:\n    image: postgres\n" });
    const { code, stderr } = await run(["validate", "docker-compose.yml"], root);
    expect(code).toBe(1);
    expect(stderr).toContain("docker-compose.yml:1:1: error");
  });

  it("checks every top-level key of a file it reads, so a typo beside a scanform key is an error", async () => {
    const root = await repositoryWith({ "scans/a.yaml": "state:\n  backend: local\nqualis:\n  webApps: {}\n" });
    const { code, stderr } = await run(["validate"], root);
    expect(code).toBe(1);
    expect(stderr).toContain("scans/a.yaml:3:1:");
  });

  it("fails when a directory holds YAML but no manifest, listing what it skipped", async () => {
    const root = await repositoryWith({ "docker-compose.yml": "services: {}\n" });
    const { code, stderr } = await run(["validate"], root);
    expect(code).toBe(1);
    expect(stderr).toContain("error MANIFEST_NO_FILES: no scanform manifests among the 1 YAML file found");
    expect(stderr).toContain("  docker-compose.yml: top-level keys services\n");
  });

  it("prints a warning but still exits 0", async () => {
    const { code, stderr, stdout } = await run(["validate", "test/fixtures/manifest/warnings/duplicate-seed.yaml"]);
    expect(code).toBe(0);
    expect(stderr).toContain("warning MANIFEST_DUPLICATE_VALUE:");
    expect(stdout).toMatch(/^1 resource in 1 file is valid\.\n/);
  });
});

describe("scanform validate on a file with many findings", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scanform-validate-"));
    const seeds = Array.from({ length: 130 }, (_, i) => `"bad seed ${i}"`).join(", ");
    await writeFile(join(dir, "many.yaml"), `hexiosec:\n  scans:\n    s:\n      group: S\n      type: adhoc\n      seeds: [${seeds}, a.example, a.example]\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const printed = (stderr: string): number => stderr.split("\n").filter((line) => / (error|warning) MANIFEST_/.test(line)).length;

  it("prints the first 100 findings, then how many more there are", async () => {
    const { code, stderr } = await run(["validate", "many.yaml"], dir);
    expect(code).toBe(1);
    expect(printed(stderr)).toBe(100);
    expect(stderr).toContain("… 31 more findings not shown (30 errors, 1 warning); fix these first, or pass --max-findings 0 to see them all.\n");
    expect(stderr.endsWith("130 errors found; nothing is valid until all are fixed.\n")).toBe(true);
  });

  it("prints as many findings as --max-findings asks, or all with 0", async () => {
    expect(printed((await run(["validate", "--max-findings", "3", "many.yaml"], dir)).stderr)).toBe(3);
    expect(printed((await run(["validate", "--max-findings", "0", "many.yaml"], dir)).stderr)).toBe(131);
  });

  it("caps the JSON findings the same way and counts those left out", async () => {
    const json = JSON.parse((await run(["validate", "--json", "--max-findings", "3", "many.yaml"], dir)).stdout);
    expect(json.diagnostics).toHaveLength(3);
    expect(json.omitted).toEqual({ errors: 127, warnings: 1 });
  });

  it("refuses a --max-findings that is not a whole number", async () => {
    await expect(run(["validate", "--max-findings", "lots", "many.yaml"], dir)).rejects.toThrow(/--max-findings/);
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
