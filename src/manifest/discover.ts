/**
 * Which YAML files a directory walk reads as manifests. A repository root holds YAML that is not
 * scanform's (.github/workflows/*.yml, docker-compose.yml, Helm values): a file found by walking is
 * a manifest only when a document in it has at least one of scanform's top-level keys (the
 * manifest schema's). Any other key beside one of those is still an error, so a typo is caught;
 * a file holding none is skipped and listed with its keys. Files named explicitly are always read.
 */
import { parseAllDocuments, isMap, isScalar } from "yaml";
import { depthProblem } from "./depth.js";
import { MANIFEST_LIMITS } from "./limits.js";
import { readManifestSchemaText } from "./schema.js";

export interface SkippedFile {
  /** As findings name files: relative to cwd, forward slashes. */
  readonly file: string;
  /** Why, for people: the top-level keys it has instead, or that it has none. */
  readonly reason: string;
}

let keys: ReadonlySet<string> | undefined;

/** The manifest schema's top-level properties, read once. */
export function manifestTopLevelKeys(): ReadonlySet<string> {
  keys ??= new Set(Object.keys((JSON.parse(readManifestSchemaText()) as { properties: Record<string, unknown> }).properties));
  return keys;
}

/** Keys at column 0 in block style: what nearly every file writes, read without parsing it. */
const BLOCK_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)/gm;

/** Undefined when `text` is a manifest; otherwise why it is not. */
export function notAManifest(text: string): string | undefined {
  const known = manifestTopLevelKeys();
  const found = new Set([...text.matchAll(BLOCK_KEY)].map((m) => m[1] as string));
  if ([...found].some((k) => known.has(k))) return undefined;
  if (found.size === 0) {
    // Flow-style or quoted keys, or no content: ask the parser, which only files without a block key reach.
    const parsed = parsedTopLevel(text);
    // An empty file (comments only) is an empty manifest, as when named: a folder may start with one.
    if (parsed.empty || parsed.unreadable) return undefined;
    if (parsed.keys.length === 0) return "its top level is not a mapping";
    for (const k of parsed.keys) found.add(k);
    if (parsed.keys.some((k) => known.has(k))) return undefined;
  }
  const list = [...found].slice(0, 6);
  return `top-level keys ${list.join(", ")}${found.size > list.length ? ", ..." : ""}`;
}

function parsedTopLevel(text: string): { readonly empty: boolean; readonly keys: readonly string[]; readonly unreadable?: true } {
  const keys: string[] = [];
  let empty = true;
  // `yaml` recurses once per level and holds every document: a file past the limits is read as a
  // manifest, and the load reports what is wrong with it.
  if (depthProblem(text, "", MANIFEST_LIMITS.depth, MANIFEST_LIMITS.documents) !== undefined) return { empty: false, keys: [], unreadable: true };
  for (const doc of parseAllDocuments(text)) {
    if (!("contents" in doc) || doc.contents === null) continue;
    empty = false;
    if (isMap(doc.contents)) for (const pair of doc.contents.items) if (isScalar(pair.key)) keys.push(String(pair.key.value));
  }
  return { empty, keys };
}
