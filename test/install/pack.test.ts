/**
 * The way in for a team: the packed tarball installs into an empty folder with npm alone (no
 * registry entry for scanform, dependencies from npm's cache as `npm ci` left it), and the
 * installed CLI prints its version and commit, validates, and plans against the emulators. Also
 * what the package exports and that it ships no source map pointing at files it does not ship.
 * Bounded: one pack (which builds), one install, each under a timeout.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type RunningEmulators } from "../../src/emulators/index.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const PACK_TIMEOUT_MS = 240_000;
const INSTALL_TIMEOUT_MS = 180_000;

let work: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scanform-install-"));
  const packed = await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: REPO, timeout: PACK_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  tarball = join(work, packed.stdout.trim().split("\n").at(-1) ?? "");
  project = join(work, "team-scans");
  await mkdir(project);
  await writeFile(join(project, "package.json"), `${JSON.stringify({ name: "team-scans", private: true })}\n`);
  // No network is needed: every dependency is in npm's cache after `npm ci`.
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--fetch-retries=0", tarball], { cwd: project, timeout: INSTALL_TIMEOUT_MS });
  await cp(join(REPO, "scans"), join(project, "scans"), { recursive: true });
}, PACK_TIMEOUT_MS + INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const scanform = (args: readonly string[], env: Readonly<Record<string, string>> = {}) =>
  run(join(project, "node_modules", ".bin", "scanform"), [...args], { cwd: project, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 60_000 });

describe("the packed tarball installed into an empty folder", () => {
  it("prints its version and the commit it was built from", async () => {
    const pkg = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { version: string };
    const { stdout } = await scanform(["--version"]);
    expect(stdout.trim()).toMatch(new RegExp(`^${pkg.version.replace(/\./g, "\\.")} \\(commit [0-9a-f]{12}(-dirty)?\\)$`));
  });

  it("validates the team's manifests", async () => {
    const { stdout } = await scanform(["validate", "scans/"]);
    expect(stdout).toBe("9 resources in 4 files are valid.\n");
  });

  it("plans against the vendors (here the emulators) with its state in the team's folder", async () => {
    let emulators: RunningEmulators | undefined;
    try {
      emulators = await startEmulators({});
      const { stdout } = await scanform(["plan", "scans/"], emulators.env);
      expect(stdout).toMatch(/^Plan: [1-9]\d* to add, 0 to change, 0 to destroy/m);
    } finally {
      await emulators?.close();
    }
  });

  it("exports the programmatic API, the emulators and the CLI", async () => {
    const script = 'const api = await import("scanform"); const emu = await import("scanform/emulators"); const cli = await import("scanform/cli");' +
      'console.log([typeof api.openWorkspace, typeof api.planOperation, typeof api.applyOperation, typeof emu.startEmulators, typeof cli.main].join(" "));';
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: project, timeout: 30_000 });
    expect(stdout.trim()).toBe("function function function function function");
  });

  it("types the programmatic API and the emulators for a strict TypeScript project: the README's snippet compiles", async () => {
    const readme = await readFile(join(REPO, "README.md"), "utf8");
    const snippet = /```js\n(import \{ openWorkspace[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const emulators = 'import { startEmulators } from "scanform/emulators";\nconst running = await startEmulators({});\nconst env: Readonly<Record<string, string>> = running.env;\nconsole.log(Object.keys(env).length);\nawait running.close();\n';
    await writeFile(join(project, "readme.mts"), `${snippet}export {};\n`);
    await writeFile(join(project, "emulators.mts"), `${emulators}export {};\n`);
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], typeRoots: [join(REPO, "node_modules", "@types")] }, files: ["readme.mts", "emulators.mts"] }),
    );
    const checked = await run(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project, timeout: 60_000 }).then(
      () => "",
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(checked).toBe("");
  });

  it("ships a LICENSE, and source maps that carry their sources, so none points at a file it does not ship", async () => {
    const installed = join(project, "node_modules", "scanform");
    const files = (await readdir(installed, { recursive: true })).map(String);
    expect(files).toContain("LICENSE");
    const maps = files.filter((f) => f.endsWith(".map"));
    const pointing: string[] = [];
    for (const f of maps) {
      const map = JSON.parse(await readFile(join(installed, f), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((source, i) => {
        if (typeof map.sourcesContent?.[i] !== "string" && !files.includes(join(dirname(f), source))) pointing.push(`${f}: ${source}`);
      });
    }
    expect(pointing).toEqual([]);
  });
});
