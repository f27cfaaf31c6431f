/**
 * Finding manifest files and reading them as text, refusing what is no manifest: missing paths,
 * anything but a regular file, files over the size limit (read no further than it), and binary
 * content.
 *
 * A walk follows symbolic links, and stops where it cannot read: a manifest it missed would not be
 * an omission but a plan to delete every resource the manifest declares.
 */
import type { Dirent } from "node:fs";
import { readdir, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import { MANIFEST_LIMITS } from "./limits.js";
import { appendAll } from "../core/arrays.js";
import { readRegularFile } from "../core/regular-file.js";

export const MAX_FILE_BYTES = MANIFEST_LIMITS.fileBytes;

const MANIFEST_FILE = /\.ya?ml$/i;
/** Directories that never hold manifests: VCS data, dependencies, scanform's own state. */
const SKIPPED_DIRS = new Set([".git", "node_modules", ".scanform"]);

const problem = (code: ManifestCode, message: string, file?: string, line = 1, column = 1): Diagnostic => ({
  code,
  severity: "error",
  message,
  hint: MANIFEST_CODES[code],
  ...(file === undefined ? {} : { source: { file, line, column } }),
});

/** How a file is named in findings: relative to cwd when inside it, with forward slashes. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  const shown = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
  return shown.split(sep).join("/");
}

export interface FoundFiles {
  /** Absolute paths, each file once (by its real path, whatever links reach it), in a stable order. */
  readonly files: readonly string[];
  /** Those found by walking a directory rather than named: read only if they are manifests (discover.ts). */
  readonly walked: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

/** A file as reached, and the file it is: two links to one file are one file. */
interface Found {
  readonly path: string;
  readonly real: string;
}

export async function findManifestFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  // Real path → the first path that reached it, which is the one findings name.
  const byReal = new Map<string, string>();
  const named = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const given of paths.length === 0 ? ["."] : paths) {
    const absolute = resolve(cwd, given);
    let isDirectory: boolean;
    let real: string;
    try {
      ({ isDirectory, real } = await reached(absolute));
    } catch (e) {
      diagnostics.push(unreadablePath(given, e));
      continue;
    }
    if (!isDirectory) {
      if (!byReal.has(real)) byReal.set(real, absolute);
      named.add(real);
      continue;
    }
    const walk: Walk = { cwd, visited: new Set(), found: [], diagnostics: [] };
    await walkDirectory(absolute, real, walk);
    // A directory that could not be read was reported; that it gave no files says nothing more.
    if (walk.found.length === 0 && walk.diagnostics.length === 0) {
      diagnostics.push(problem("MANIFEST_NO_FILES", `${given}: no *.yaml or *.yml files in this directory`));
    }
    appendAll(diagnostics, walk.diagnostics);
    for (const f of walk.found) if (!byReal.has(f.real)) byReal.set(f.real, f.path);
  }
  // A file both named and found by a walk was named: it is read whatever it holds.
  const walked = new Set([...byReal].filter(([real]) => !named.has(real)).map(([, path]) => path));
  return { files: [...byReal.values()], walked, diagnostics };
}

interface Walk {
  readonly cwd: string;
  /** Real paths of the directories walked: links can reach one twice, or lead back up into a loop. */
  readonly visited: Set<string>;
  readonly found: Found[];
  readonly diagnostics: Diagnostic[];
}

async function walkDirectory(dir: string, real: string, walk: Walk): Promise<void> {
  if (walk.visited.has(real)) return;
  walk.visited.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    // Failing rather than skipping: this directory may hold manifests (docs/manifest.md).
    walk.diagnostics.push({
      ...problem("MANIFEST_READ_FAILED", `${displayPath(dir, walk.cwd)}: cannot read this directory: ${because(e)}`),
      hint: "Make it readable by the user running scanform, or name the files or directories that hold your manifests so this one is not searched.",
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      await followLink(path, entry.name, walk);
    } else if (entry.isDirectory()) {
      // Not a link, so its real path is its parent's and its name: no realpath() per entry.
      if (!SKIPPED_DIRS.has(entry.name)) await walkDirectory(path, join(real, entry.name), walk);
    } else if (MANIFEST_FILE.test(entry.name)) {
      // Anything but a regular file (a FIFO) is refused when read, as it is when named.
      walk.found.push({ path, real: join(real, entry.name) });
    }
  }
}

/** What a path leads to through any links: whether it is a directory, and its real path. Throws as stat does. */
async function reached(path: string): Promise<{ readonly isDirectory: boolean; readonly real: string }> {
  return { isDirectory: (await stat(path)).isDirectory(), real: await realpath(path) };
}

/** A link is what it points to: a file named *.yaml is read, a directory walked. */
async function followLink(path: string, name: string, walk: Walk): Promise<void> {
  let isDirectory: boolean;
  let real: string;
  try {
    ({ isDirectory, real } = await reached(path));
  } catch (e) {
    // A broken link of another name is a build output or an editor's lock as often as a folder:
    // nothing says it held manifests, as nothing would were it a file.
    if (MANIFEST_FILE.test(name) && !isEditorLock(name)) walk.diagnostics.push(await brokenLink(path, displayPath(path, walk.cwd), e));
    return;
  }
  if (isDirectory) {
    if (!SKIPPED_DIRS.has(name)) await walkDirectory(path, real, walk);
  } else if (MANIFEST_FILE.test(name)) {
    walk.found.push({ path, real });
  }
}

/** Emacs marks a file being edited with a link `.#NAME` that never resolves; it holds nothing. */
const isEditorLock = (name: string): boolean => name.startsWith(".#");

const MISSING = new Set(["ENOENT", "ENOTDIR"]);

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Why a path could not be read, in words, keeping the errno code people search for. */
function because(e: unknown): string {
  const code = errnoOf(e);
  if (code === undefined) return e instanceof Error ? e.message : "unknown error";
  const words = ERRNO_WORDS.get(code);
  return words === undefined ? code : `${words} (${code})`;
}

const ERRNO_WORDS: ReadonlyMap<string, string> = new Map([
  ["EACCES", "permission denied"],
  ["EPERM", "operation not permitted"],
  ["ELOOP", "too many levels of symbolic links"],
  ["ENAMETOOLONG", "the name is too long"],
  ["EIO", "input/output error"],
]);

function unreadablePath(given: string, e: unknown): Diagnostic {
  if (MISSING.has(errnoOf(e) ?? "")) return problem("MANIFEST_PATH_NOT_FOUND", `${given}: no such file or directory`);
  const found = problem("MANIFEST_READ_FAILED", `${given}: cannot read it: ${because(e)}`);
  return errnoOf(e) === "ELOOP" ? { ...found, hint: LOOP_HINT } : found;
}

const LOOP_HINT = "Fix the symbolic links on this path: they lead round in a loop.";

async function brokenLink(path: string, shown: string, e: unknown): Promise<Diagnostic> {
  const hint = "Fix or remove the link: resources declared in a manifest scanform cannot read would be planned for deletion.";
  if (!MISSING.has(errnoOf(e) ?? "")) return { ...problem("MANIFEST_READ_FAILED", `cannot follow this symbolic link: ${because(e)}`, shown), hint };
  const target = await readlink(path).catch(() => undefined);
  const message = target === undefined ? "this symbolic link points to nothing that exists" : `this is a symbolic link to ${target}, which does not exist`;
  return { ...problem("MANIFEST_PATH_NOT_FOUND", message, shown), hint };
}

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

export async function readManifestFile(absolute: string, shown: string, maxBytes: number = MAX_FILE_BYTES): Promise<ReadResult> {
  try {
    const read = await readRegularFile(absolute, maxBytes);
    if (read.ok) return decodeText(read.bytes, shown);
    if (read.problem === "not-a-file") {
      return { ok: false, diagnostic: problem("MANIFEST_NOT_A_FILE", `this is ${read.kind}, not a regular file; only regular files are read as manifests`, shown) };
    }
    return { ok: false, diagnostic: problem("MANIFEST_FILE_TOO_LARGE", `the file holds more than ${maxBytes} bytes, the limit`, shown) };
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? "unknown error";
    return { ok: false, diagnostic: problem("MANIFEST_READ_FAILED", `cannot read the file (${reason})`, shown) };
  }
}

/** UTF-8 text without NUL or other control characters YAML forbids; anything else is binary. */
function decodeText(bytes: Uint8Array, shown: string): ReadResult {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, at));
    return { ok: false, diagnostic: binary(before, `byte 0x${bytes[at]!.toString(16).padStart(2, "0")} is not valid UTF-8`, shown) };
  }
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, "0");
    return { ok: false, diagnostic: binary(text.slice(0, control.index), `control character 0x${code} is not allowed in a manifest`, shown) };
  }
  return { ok: true, text };
}

function binary(before: string, what: string, shown: string): Diagnostic {
  const lines = before.split("\n");
  const line = lines.length;
  const column = [...lines[lines.length - 1]!].length + 1;
  return problem("MANIFEST_BINARY", `this is not a text manifest: ${what}`, shown, line, column);
}

/** Byte offset of the first invalid sequence: where lenient decoding produced U+FFFD not written as such. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const lenient = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  for (let i = lenient.indexOf("\uFFFD"); i >= 0; i = lenient.indexOf("\uFFFD", i + 1)) {
    const at = encoder.encode(lenient.slice(0, i)).length;
    const literal = bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd;
    if (!literal) return at;
  }
  return 0;
}
