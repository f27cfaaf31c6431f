/**
 * How a directory walk treats symbolic links, and how a named path that cannot be read is
 * reported. A manifest the walk misses is not an inconvenience: its resources are planned for
 * deletion. So a link is read as what it points to, and a link that points nowhere is an error.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadOptions, type LoadResult } from "../../src/manifest/index.js";

/** `repo` is walked; `elsewhere` is outside it, where links point. */
let root: string;
let repo: string;
let elsewhere: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "scanform-files-"));
  repo = join(root, "repo");
  elsewhere = join(root, "elsewhere");
  await mkdir(repo);
  await mkdir(elsewhere);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const scan = (key: string): string => `hexiosec:\n  scans:\n    ${key}:\n      group: Security\n      type: adhoc\n      seeds: [example.com]\n`;

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, text);
}

const walk = (options: Partial<LoadOptions> = {}): Promise<LoadResult> => loadDesired([], { cwd: repo, ...options });

/** Each resource as `address@file`, or the findings when the load failed. */
function read(result: LoadResult): string[] {
  if (!result.ok) return result.diagnostics.map((d) => `${d.code}@${d.source?.file ?? "-"}: ${d.message}`);
  return result.desired.resources.map((r) => `${r.address}@${r.source.file}`);
}

const codes = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => `${d.code}@${d.source?.file ?? "-"}`));

describe("a symbolic link found while walking a directory", () => {
  it("to a manifest is read as that manifest", async () => {
    await write(join(elsewhere, "perimeter.yaml"), scan("perimeter"));
    await symlink(join(elsewhere, "perimeter.yaml"), join(repo, "perimeter.yaml"));
    await write(join(repo, "state.yaml"), "state: { backend: local }\n");
    expect(read(await walk())).toEqual(["hexiosec.scan.perimeter@perimeter.yaml"]);
  });

  it("to a directory is walked as that directory", async () => {
    await write(join(elsewhere, "team", "a.yaml"), scan("a"));
    await write(join(elsewhere, "team", "nested", "b.yml"), scan("b"));
    await symlink(join(elsewhere, "team"), join(repo, "team"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@team/a.yaml", "hexiosec.scan.b@team/nested/b.yml"]);
  });

  it("to YAML that is no manifest is skipped and listed, as the file itself would be", async () => {
    await write(join(elsewhere, "docker-compose.yml"), "services: {}\n");
    await symlink(join(elsewhere, "docker-compose.yml"), join(repo, "compose.yml"));
    await write(join(repo, "a.yaml"), scan("a"));
    const result = await walk();
    expect(read(result)).toEqual(["hexiosec.scan.a@a.yaml"]);
    expect(result.skipped).toEqual([{ file: "compose.yml", reason: "top-level keys services" }]);
  });

  it("to a directory reached twice walks it once", async () => {
    await write(join(elsewhere, "shared", "a.yaml"), scan("a"));
    await symlink(join(elsewhere, "shared"), join(repo, "one"));
    await symlink(join(elsewhere, "shared"), join(repo, "two"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@one/a.yaml"]);
  });

  it("back to a directory being walked ends the walk there instead of looping", async () => {
    await write(join(elsewhere, "team", "a.yaml"), scan("a"));
    await symlink(join(elsewhere, "team"), join(repo, "team"));
    await symlink("..", join(elsewhere, "team", "parent"));
    await symlink(".", join(elsewhere, "team", "self"));
    await symlink(repo, join(elsewhere, "team", "repo"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@team/a.yaml"]);
  });

  it("to a file another path in the walk reaches reads the file once", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    await symlink("a.yaml", join(repo, "b.yaml"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@a.yaml"]);
  });

  it("named *.yaml that points nowhere is an error naming the link, not a manifest silently missing", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    await symlink(join(elsewhere, "gone.yaml"), join(repo, "perimeter.yaml"));
    const result = await walk();
    expect(codes(result)).toEqual(["MANIFEST_PATH_NOT_FOUND@perimeter.yaml"]);
    expect(result.ok ? undefined : result.diagnostics[0]?.message).toBe(`this is a symbolic link to ${join(elsewhere, "gone.yaml")}, which does not exist`);
  });

  it("named *.yaml that leads back to itself is an error", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    await symlink("loop.yaml", join(repo, "loop.yaml"));
    const result = await walk();
    expect(codes(result)).toEqual(["MANIFEST_READ_FAILED@loop.yaml"]);
    expect(result.ok ? undefined : result.diagnostics[0]?.message).toBe("cannot follow this symbolic link: too many levels of symbolic links (ELOOP)");
  });

  it("of another name that points nowhere is ignored, as any file not named *.yaml is", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    await symlink("/nix/store/gone-result", join(repo, "result"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@a.yaml"]);
  });

  it("that Emacs leaves as the lock of a manifest being edited is ignored", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    await symlink("alice@ci-7.4242:1733300000", join(repo, ".#a.yaml"));
    expect(read(await walk())).toEqual(["hexiosec.scan.a@a.yaml"]);
  });

  it.skipIf(process.platform === "win32")("to a FIFO is refused without waiting for a writer", async () => {
    execFileSync("mkfifo", [join(elsewhere, "pipe")]);
    await symlink(join(elsewhere, "pipe"), join(repo, "pipe.yaml"));
    expect(codes(await walk())).toEqual(["MANIFEST_NOT_A_FILE@pipe.yaml"]);
  }, 5_000);

  it("to a file over the size limit is refused", async () => {
    await write(join(elsewhere, "big.yaml"), scan("big"));
    await symlink(join(elsewhere, "big.yaml"), join(repo, "big.yaml"));
    expect(codes(await walk({ limits: { fileBytes: 16 } }))).toEqual(["MANIFEST_FILE_TOO_LARGE@big.yaml"]);
  });
});

describe("a path named on the command line that cannot be read", () => {
  const named = (path: string): Promise<LoadResult> => loadDesired([path], { cwd: repo });
  const messages = (result: LoadResult): string[] => (result.ok ? [] : result.diagnostics.map((d) => `${d.code}: ${d.message}`));

  it("is not found when it does not exist", async () => {
    expect(messages(await named("nowhere.yaml"))).toEqual(["MANIFEST_PATH_NOT_FOUND: nowhere.yaml: no such file or directory"]);
  });

  it("is not found when a part of it is a file", async () => {
    await write(join(repo, "a.yaml"), scan("a"));
    expect(messages(await named("a.yaml/b.yaml"))).toEqual(["MANIFEST_PATH_NOT_FOUND: a.yaml/b.yaml: no such file or directory"]);
  });

  it("says so when it is a loop of symbolic links", async () => {
    await symlink("loop.yaml", join(repo, "loop.yaml"));
    expect(messages(await named("loop.yaml"))).toEqual(["MANIFEST_READ_FAILED: loop.yaml: cannot read it: too many levels of symbolic links (ELOOP)"]);
  });

  it("says so when its name is too long", async () => {
    const long = `${"x".repeat(300)}.yaml`;
    expect(messages(await named(long))).toEqual([`MANIFEST_READ_FAILED: ${long}: cannot read it: the name is too long (ENAMETOOLONG)`]);
  });
});
