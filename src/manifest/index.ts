/**
 * The manifest layer's public entry: files and directories → the Desired configuration, or every
 * problem found in them. Nothing here contacts a vendor or reads a secret; `${VAR}` settings stay
 * templates until `resolveTemplate` is called at connect time.
 */
import { utcDay } from "../core/day.js";
import type { Diagnostic } from "../core/errors.js";
import { combine } from "./combine.js";
import { buildDocument, type DocumentPart } from "./document.js";
import { manifestTopLevelKeys, notAManifest, type SkippedFile } from "./discover.js";
import { depthProblem } from "./depth.js";
import { displayPath, findManifestFiles, readManifestFile } from "./files.js";
import { MANIFEST_CODES } from "./codes.js";
import { withLimits, type ManifestLimits } from "./limits.js";
import type { Desired } from "./model.js";
import { parseManifestFast } from "./fast-parse.js";
import { parseManifest } from "./parse.js";
import { boundFinding } from "./quote.js";
import { createSuggester, type Suggester } from "./suggest.js";
import { appendAll } from "../core/arrays.js";

export { missingVariables, resolveTemplate, variablesMissing } from "./templates.js";
export { manifestTopLevelKeys, type SkippedFile } from "./discover.js";
export { manifestSchemaPath, readManifestSchemaText } from "./schema.js";
export { MANIFEST_LIMITS, type ManifestLimits } from "./limits.js";

export interface LoadOptions {
  readonly cwd: string;
  /** Lower limits than the documented defaults, for tests that show a limit on a small input. */
  readonly limits?: Partial<ManifestLimits>;
  /** The clock that decides which scope exceptions have expired (default: the system's). */
  readonly now?: () => Date;
}

export type LoadResult = (
  | { readonly ok: true; readonly desired: Desired; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
) & {
  /** YAML files a directory walk found and did not read: they hold none of scanform's top-level keys. */
  readonly skipped: readonly SkippedFile[];
};

/**
 * Reads `paths` (files, or directories searched recursively for *.yaml / *.yml that hold a
 * scanform top-level key, see discover.ts; none means `cwd`), validates everything and builds Desired. Findings are sorted by file, line and column;
 * on failure they include the warnings too.
 */
export async function loadDesired(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const limits = withLimits(options.limits);
  const suggest = createSuggester(limits.suggestionCells);
  const found = await findManifestFiles(paths, options.cwd);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const parts: DocumentPart[] = [];
  for (const absolute of found.files) {
    const shown = displayPath(absolute, options.cwd);
    const read = await readManifestFile(absolute, shown, limits.fileBytes);
    const unrelated = read.ok && found.walked.has(absolute) ? notAManifest(read.text) : undefined;
    if (unrelated !== undefined) {
      skipped.push({ file: shown, reason: unrelated });
      continue;
    }
    files.push(shown);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const fast = buildFast(read.text, shown, suggest, limits);
    if (fast !== undefined) {
      for (const part of fast) appendAll(diagnostics, part.diagnostics);
      appendAll(parts, fast);
      continue;
    }
    // The quick path bounds nesting and documents as it reads; `yaml` recurses once per level and
    // builds every document first, so its input is checked before it parses.
    const tooDeep = depthProblem(read.text, shown, limits.depth, limits.documents);
    if (tooDeep !== undefined) {
      diagnostics.push(tooDeep);
      continue;
    }
    const parsed = parseManifest(read.text, shown, limits);
    appendAll(diagnostics, parsed.diagnostics);
    for (const document of parsed.documents) {
      const part = buildDocument(document, suggest);
      appendAll(diagnostics, part.diagnostics);
      parts.push(part);
    }
  }
  if (files.length === 0 && skipped.length > 0 && found.diagnostics.length === 0) {
    diagnostics.push({
      code: "MANIFEST_NO_FILES",
      severity: "error",
      message: `no scanform manifests among the ${skipped.length} YAML file${skipped.length === 1 ? "" : "s"} found: none has a top-level ${[...manifestTopLevelKeys()].join(", ")} key`,
      hint: MANIFEST_CODES.MANIFEST_NO_FILES,
    });
  }
  const today = utcDay(options.now?.() ?? new Date());
  const combined = combine(files, parts, today, suggest);
  appendAll(diagnostics, combined.diagnostics);
  const sorted = sortDiagnostics(diagnostics, files).map((d) => boundFinding(d, limits.messageChars));
  if (sorted.some((d) => d.severity === "error")) return { ok: false, diagnostics: sorted, skipped };
  return { ok: true, desired: combined.desired, warnings: sorted, skipped };
}

/**
 * The parts of a file that the quick path (fast-parse.ts) reads and that build without an error.
 * Warnings (a repeated list entry) are kept: the quick path locates every node as the `yaml` path does. An
 * error, or data nested past the depth limit, means the file is read again by the `yaml` path,
 * which reports everything wrong in it.
 */
function buildFast(text: string, file: string, suggest: Suggester, limits: ManifestLimits): DocumentPart[] | undefined {
  const documents = parseManifestFast(text, file, limits.depth, limits.documents);
  if (documents === undefined) return undefined;
  const parts = documents.map((d) => buildDocument(d, suggest));
  return parts.every((p) => p.diagnostics.every((d) => d.severity !== "error")) ? parts : undefined;
}

function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly string[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const rank = (d: Diagnostic): [number, number, number] =>
    d.source ? [order.get(d.source.file) ?? -1, d.source.line, d.source.column] : [-1, 0, 0];
  return diagnostics
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2] || a.i - b.i)
    .map((x) => x.d);
}
