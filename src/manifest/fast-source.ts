/**
 * Locating findings in a document read by the quick reader (fast-parse.ts): each node keeps the
 * offset `yaml` would give it, and line and column are computed only for the nodes located.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import type { ManifestCode } from "./codes.js";
import type { LineTable } from "./line-table.js";
import { formatPath, locatedDiagnostic, type DiagnosticOptions, type DocPath, type ManifestSource, type Place } from "./source.js";

/**
 * Where `yaml` places a node: a scalar is just its first character's offset; a collection starts
 * at its first key or `-` (block) or its bracket (flow).
 */
export type PositionedNode = number | PositionedCollection;

export interface PositionedCollection {
  readonly start: number;
  /** A mapping's keys (names and offsets), in the order of `items`; absent for a sequence. */
  readonly names?: readonly string[];
  readonly keys?: readonly number[];
  readonly items: readonly PositionedNode[];
}

/** Up to this many keys, a linear search is cheaper than building and asking a Map. */
const SEARCHED = 16;

const NO_TAIL: DocPath = [];

const startOf = (node: PositionedNode): number => (typeof node === "number" ? node : node.start);

export class FastSource implements ManifestSource {
  private readonly index = new WeakMap<PositionedCollection, Map<string, number>>();

  constructor(
    readonly file: string,
    private readonly root: PositionedNode,
    private readonly lines: LineTable,
  ) {}

  locate(path: DocPath, atKey = false): SourceLocation {
    return locateOffset(this.file, this.lines, this.offsetOf(path, NO_TAIL, atKey), path);
  }

  place(base: DocPath, tail: DocPath = NO_TAIL): Place {
    return new OffsetPlace(this.file, this.lines, this.offsetOf(base, tail, false), base, tail);
  }

  diagnostic(code: ManifestCode, message: string, path: DocPath, options: DiagnosticOptions = {}): Diagnostic {
    return locatedDiagnostic(this, code, message, path, options);
  }

  /** Where `yaml` places the node at `[...base, ...tail]` (or its key), or the deepest ancestor that exists. */
  private offsetOf(base: DocPath, tail: DocPath, atKey: boolean): number {
    let node = this.root;
    let key: number | undefined;
    const length = base.length + tail.length;
    for (let s = 0; s < length; s++) {
      if (typeof node === "number") break;
      const i = this.position(node, s < base.length ? base[s]! : tail[s - base.length]!);
      const item = i === undefined ? undefined : node.items[i];
      if (item === undefined) break;
      key = node.keys?.[i!];
      node = item;
    }
    return atKey && key !== undefined ? key : startOf(node);
  }

  /** Index of the item `seg` names. A resource's few keys are searched; a large mapping's are indexed once. */
  private position(node: PositionedCollection, seg: string | number): number | undefined {
    const names = node.names;
    if (names === undefined) return typeof seg === "number" ? seg : undefined;
    const name = String(seg);
    if (names.length <= SEARCHED) {
      const i = names.indexOf(name);
      return i < 0 ? undefined : i;
    }
    let entries = this.index.get(node);
    if (entries === undefined) {
      entries = new Map(names.map((n, i) => [n, i]));
      this.index.set(node, entries);
    }
    return entries.get(name);
  }
}

function locateOffset(file: string, lines: LineTable, offset: number, path: DocPath): SourceLocation {
  const { line, column } = lines.position(offset);
  return { file, line, column, ...(path.length === 0 ? {} : { path: formatPath(path) }) };
}

/** An offset and the file's line table, not the document's nodes, which are let go once the file is built. */
class OffsetPlace implements Place {
  constructor(
    private readonly file: string,
    private readonly lines: LineTable,
    private readonly offset: number,
    private readonly base: DocPath,
    private readonly tail: DocPath,
  ) {}

  locate(): SourceLocation {
    return locateOffset(this.file, this.lines, this.offset, [...this.base, ...this.tail]);
  }
}
