/**
 * Locating findings in a document read by the quick reader (fast-parse.ts): each node keeps the
 * offset `yaml` would give it, and line and column are computed only for the nodes located.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import type { ManifestCode } from "./codes.js";
import type { LineTable } from "./line-table.js";
import { formatPath, locatedDiagnostic, type DiagnosticOptions, type DocPath, type ManifestSource } from "./source.js";

export interface PositionedNode {
  /** Where `yaml` places the node: a scalar's first character, a block collection's first key or `-`, a flow collection's bracket. */
  readonly start: number;
  readonly kind: "mapping" | "sequence" | "scalar";
  readonly value: unknown;
  /** Mappings: key, value, key, value…; sequences: one per item. */
  readonly children: readonly PositionedNode[];
}

interface Entry {
  readonly key: PositionedNode | undefined;
  readonly value: PositionedNode;
}

export class FastSource implements ManifestSource {
  private readonly index = new WeakMap<PositionedNode, Map<string, Entry>>();

  constructor(
    readonly file: string,
    private readonly root: PositionedNode,
    private readonly lines: LineTable,
  ) {}

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
    const { line, column } = this.lines.position(target.start);
    return { file: this.file, line, column, ...(path.length === 0 ? {} : { path: formatPath(path) }) };
  }

  diagnostic(code: ManifestCode, message: string, path: DocPath, options: DiagnosticOptions = {}): Diagnostic {
    return locatedDiagnostic(this, code, message, path, options);
  }

  private child(node: PositionedNode, seg: string | number): Entry | undefined {
    if (node.kind === "sequence") {
      const item = typeof seg === "number" ? node.children[seg] : undefined;
      return item === undefined ? undefined : { key: undefined, value: item };
    }
    if (node.kind !== "mapping") return undefined;
    let entries = this.index.get(node);
    if (entries === undefined) {
      entries = new Map();
      for (let i = 0; i + 1 < node.children.length; i += 2) entries.set(node.children[i]!.value as string, { key: node.children[i]!, value: node.children[i + 1]! });
      this.index.set(node, entries);
    }
    return entries.get(String(seg));
  }
}
