/**
 * Finding manifest files and reading them as text, refusing what is no manifest: missing paths,
 * anything but a regular file, files over the size limit (read no further than it), and binary
 * content.
 */
import { readdir, stat } from "node:fs/promises";
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
  /** Absolute paths, each once, in a stable order. */
  readonly files: readonly string[];
  /** Those found by walking a directory rather than named: read only if they are manifests (discover.ts). */
  readonly walked: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

export async function findManifestFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const files: string[] = [];
  const walked = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const given of paths.length === 0 ? ["."] : paths) {
    const absolute = resolve(cwd, given);
    let kind: "file" | "dir";
    try {
      kind = (await stat(absolute)).isDirectory() ? "dir" : "file";
    } catch {
      diagnostics.push(problem("MANIFEST_PATH_NOT_FOUND", `${given}: no such file or directory`));
      continue;
    }
    if (kind === "file") {
      files.push(absolute);
      continue;
    }
    const found = await walk(absolute);
    if (found.length === 0) diagnostics.push(problem("MANIFEST_NO_FILES", `${given}: no *.yaml or *.yml files in this directory`));
    appendAll(files, found);
    for (const f of found) walked.add(f);
  }
  const unique = [...new Set(files)];
  // A file both named and found by a walk was named: it is read whatever it holds.
  for (const f of unique) if (paths.some((p) => resolve(cwd, p) === f)) walked.delete(f);
  return { files: unique, walked, diagnostics };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) appendAll(out, await walk(path));
    } else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
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
