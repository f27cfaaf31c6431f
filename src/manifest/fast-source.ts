/**
 * Locating findings in a document read by the fast path: each node's offsets come from js-yaml's
 * open/close events, and line and column are computed only for the nodes actually located.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import type { ManifestCode } from "./codes.js";
import type { LineTable } from "./line-table.js";
import { formatPath, locatedDiagnostic, type DiagnosticOptions, type DocPath, type ManifestSource } from "./source.js";

export interface PositionedNode {
  /** Where js-yaml began reading the node: its content, or whitespace and comments before it. */
  start: number;
  end: number;
  value: unknown;
  kind: "mapping" | "sequence" | "scalar" | null;
  /** Mappings: key, value, key, value…; sequences: one per item. */
  children: PositionedNode[];
}

interface Entry {
  readonly key: PositionedNode;
  readonly value: PositionedNode;
}

export class FastSource implements ManifestSource {
  private readonly index = new WeakMap<PositionedNode, Map<string, Entry>>();

  constructor(
    readonly file: string,
    private readonly root: PositionedNode,
    private readonly text: string,
    private readonly lines: LineTable,
  ) {}

  /** The first offset at or after `offset` that is not blank space or a comment, as `yaml` places a node. */
  static contentStart(text: string, offset: number): number {
    let i = offset;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d) i++;
      else if (c === 0x23 /* # */) {
        const end = text.indexOf("\n", i);
        if (end === -1) return text.length;
        i = end;
      } else return i;
    }
  }

  locate(path: DocPath, atKey = false): SourceLocation {
    let node = this.root;
    let key: PositionedNode | undefined;
    for (const seg of path) {
      const next = this.child(node, seg);
      if (next === undefined) break;
      node = next.value;
      key = next.key;
    }
    const target = atKey && key !== undefined ? key : node;
    const { line, column } = this.lines.position(FastSource.contentStart(this.text, target.start));
    return { file: this.file, line, column, ...(path.length === 0 ? {} : { path: formatPath(path) }) };
  }

  diagnostic(code: ManifestCode, message: string, path: DocPath, options: DiagnosticOptions = {}): Diagnostic {
    return locatedDiagnostic(this, code, message, path, options);
  }

  private child(node: PositionedNode, seg: string | number): Entry | { key: undefined; value: PositionedNode } | undefined {
    if (node.kind === "sequence") {
      const item = typeof seg === "number" ? node.children[seg] : undefined;
      return item === undefined ? undefined : { key: undefined, value: item };
    }
    if (node.kind !== "mapping") return undefined;
    let entries = this.index.get(node);
    if (entries === undefined) {
      entries = new Map();
      for (let i = 0; i + 1 < node.children.length; i += 2) entries.set(String(node.children[i]!.value), { key: node.children[i]!, value: node.children[i + 1]! });
      this.index.set(node, entries);
    }
    return entries.get(String(seg));
  }
}
