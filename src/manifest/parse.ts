/**
 * YAML text → documents with source positions. A file may hold several documents (`---`); each
 * is one part of the configuration. Refused here, each at its position: syntax errors, duplicate
 * keys, any tag beyond plain YAML values, aliases to unknown anchors, and alias bombs; `${VAR}`
 * outside `vendors` and `state` is reported too. Duplicate keys are found here rather than by the
 * yaml library, whose check compares every key with every other: quadratic in a mapping's size.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Alias, type Document, type Node } from "yaml";
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import { tooDeepMessage } from "./depth.js";
import { MANIFEST_LIMITS, type ManifestLimits } from "./limits.js";
import { DocumentSource, type ManifestSource, type PathSegment } from "./source.js";
import { TEMPLATE_OUTSIDE_SETTINGS, templatesAllowedIn } from "./templates.js";
import { appendAll } from "../core/arrays.js";
import { quote } from "./quote.js";


const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export interface ParsedDocument {
  readonly source: ManifestSource;
  /** The document as plain data; null for an empty document. */
  readonly value: unknown;
}

export interface ParsedFile {
  readonly documents: readonly ParsedDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export function parseManifest(text: string, file: string, limits: Pick<ManifestLimits, "aliasExpansion" | "depth" | "syntaxErrors"> = MANIFEST_LIMITS): ParsedFile {
  const lines = new LineCounter();
  const docs = withoutStackTraces(() => parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true, version: "1.2" }));
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const doc of docs) {
    const source = new DocumentSource(file, doc, lines);
    const checks = new NodeChecks(source, limits).run();
    const stopping = [...syntaxProblems(doc, source, limits.syntaxErrors), ...checks.blocking];
    appendAll(diagnostics, stopping, checks.other);
    if (stopping.some((d) => d.severity === "error")) continue;
    try {
      documents.push({ source, value: doc.toJS({ maxAliasCount: -1 }) ?? null });
    } catch (e) {
      diagnostics.push(source.diagnostic("MANIFEST_YAML_SYNTAX", e instanceof Error ? e.message : String(e), []));
    }
  }
  return { documents, diagnostics };
}

/**
 * The yaml library builds an Error for every problem, and V8 records a stack trace for each: a file
 * of 300,000 syntax errors took 500 MB for those traces alone. Nothing reads them, and parsing is
 * synchronous, so none are recorded while it runs.
 */
function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The first `max` syntax errors of a document, then one finding that counts the rest. */
function syntaxProblems(doc: Document, source: DocumentSource, max: number): Diagnostic[] {
  const at = (offset: number) => source.locationAt(offset);
  const out: Diagnostic[] = [];
  for (const error of doc.errors.slice(0, max)) {
    out.push({ code: "MANIFEST_YAML_SYNTAX", severity: "error", message: error.message, hint: MANIFEST_CODES.MANIFEST_YAML_SYNTAX, source: at(error.pos[0]) });
  }
  if (doc.errors.length > max) {
    const next = doc.errors[max]!;
    const message = `${doc.errors.length - max} more YAML syntax errors in this document, from here on, are not listed`;
    out.push({ code: "MANIFEST_YAML_SYNTAX", severity: "error", message, hint: MANIFEST_CODES.MANIFEST_YAML_SYNTAX, source: at(next.pos[0]) });
  }
  for (const warning of doc.warnings) {
    if (warning.code === "TAG_RESOLVE_FAILED") continue; // reported with the node as MANIFEST_CUSTOM_TAG
    out.push({ code: "MANIFEST_YAML_SYNTAX", severity: "warning", message: warning.message, hint: MANIFEST_CODES.MANIFEST_YAML_SYNTAX, source: at(warning.pos[0]) });
  }
  return out;
}

/**
 * One pass over the node tree in document order: tags, duplicate keys, anchors and alias
 * expansion (these stop the document), and `${` outside settings (reported, not stopping).
 */
class NodeChecks {
  private readonly anchors = new Map<string, Node>();
  /** Expanded size of each anchored node, set once the node is complete. */
  private readonly sizes = new Map<Node, number>();
  private readonly path: PathSegment[] = [];
  readonly blocking: Diagnostic[] = [];
  readonly other: Diagnostic[] = [];
  private expanded = 0;
  private templatesAllowed = false;

  constructor(
    private readonly source: DocumentSource,
    private readonly limits: Pick<ManifestLimits, "aliasExpansion" | "depth">,
  ) {}

  run(): this {
    const root = this.source.doc.contents;
    if (root) this.visit(root, 0);
    return this;
  }

  private report(code: ManifestCode, message: string, node: Node, list = this.blocking): void {
    list.push({ code, severity: "error", message, hint: MANIFEST_CODES[code], source: this.source.locationOf(node, this.path) });
  }

  /** Returns the number of nodes `node` stands for once its aliases are expanded. */
  private visit(node: Node, depth: number): number {
    if (isAlias(node)) return this.alias(node);
    if (depth >= this.limits.depth && (isMap(node) || isSeq(node))) {
      this.report("MANIFEST_TOO_DEEP", tooDeepMessage(this.limits.depth), node);
      return 1;
    }
    if (node.anchor) this.anchors.set(node.anchor, node);
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      this.report("MANIFEST_CUSTOM_TAG", `the tag ${shortTag(node.tag)} is not allowed; manifests hold plain strings, numbers, booleans, lists and mappings`, node);
    }
    let size = 1;
    if (isScalar(node)) {
      if (!this.templatesAllowed && typeof node.value === "string" && node.value.includes("${")) {
        this.report("MANIFEST_ENV_NOT_ALLOWED", TEMPLATE_OUTSIDE_SETTINGS, node, this.other);
      }
    } else if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : "?";
        if (isScalar(key) && typeof key.value !== "symbol") {
          if (keys.has(name)) this.report("MANIFEST_DUPLICATE_KEY", `the key ${quote(name)} appears more than once in this mapping`, key);
          keys.add(name);
        }
        if (key && typeof key === "object") size += this.visit(key, depth + 1);
        if (depth === 0) this.templatesAllowed = templatesAllowedIn(name);
        this.path.push(name);
        if (pair.value && typeof pair.value === "object") size += this.visit(pair.value as Node, depth + 1);
        this.path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        this.path.push(i);
        if (item && typeof item === "object") size += this.visit(item as Node, depth + 1);
        this.path.pop();
      });
    }
    if (node.anchor) this.sizes.set(node, size);
    return size;
  }

  private alias(node: Alias): number {
    const target = this.anchors.get(node.source);
    const size = target === undefined ? undefined : this.sizes.get(target);
    if (target === undefined) this.report("MANIFEST_UNKNOWN_ANCHOR", `the alias *${node.source} names no anchor defined before it`, node);
    else if (size === undefined) this.report("MANIFEST_UNKNOWN_ANCHOR", `the alias *${node.source} refers to the node that contains it`, node);
    else {
      const before = this.expanded;
      this.expanded += size;
      const max = this.limits.aliasExpansion;
      if (before <= max && this.expanded > max) {
        this.report("MANIFEST_ALIAS_LIMIT", `aliases expand this document beyond ${max} nodes`, node);
      }
    }
    return size ?? 1;
  }
}

const shortTag = (tag: string): string => (tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag);
