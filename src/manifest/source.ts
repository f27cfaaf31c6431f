/**
 * From a path inside a parsed document back to the YAML node that holds it, and from there to
 * `file:line:col`. Every finding (schema, semantic, cross-file) is located through here.
 * Mapping keys are indexed once per mapping, so locating stays cheap in files of 10,000 resources.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type YAMLMap } from "yaml";
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";

export type PathSegment = string | number;
export type DocPath = readonly PathSegment[];

/** `hexiosec.scans.corp-perimeter.seeds[2]` */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

export interface Found {
  /** The node at the path, or at the deepest ancestor that exists. */
  readonly node: Node | undefined;
  /** The key of the mapping entry that holds `node`, when there is one. */
  readonly key: Node | undefined;
}

const MERGE_KEY = "<<";

/** Where findings in one document are located; the slow path reads positions from `yaml` nodes, the fast one from a position table. */
export interface ManifestSource {
  readonly file: string;
  locate(path: DocPath, atKey?: boolean): SourceLocation;
  /**
   * Where `[...base, ...tail]` is, kept to be located later: it holds on to neither the document nor
   * its nodes, and a resource's values share its `base`.
   */
  place(base: DocPath, tail?: DocPath): Place;
  diagnostic(code: ManifestCode, message: string, path: DocPath, options?: DiagnosticOptions): Diagnostic;
}

/**
 * A value's place in a document, located (line, column and path spelled out) only when a finding
 * names it: a large configuration records tens of thousands of references and scoped values for
 * the checks across files, and nearly all of them pass.
 */
export interface Place {
  locate(): SourceLocation;
}

/** A place located already: the `yaml` path's, whose files are few and small. */
class LocatedPlace implements Place {
  constructor(private readonly location: SourceLocation) {}

  locate(): SourceLocation {
    return this.location;
  }
}

export interface DiagnosticOptions {
  readonly atKey?: boolean;
  readonly hint?: string;
  readonly severity?: "warning";
}

export function locatedDiagnostic(source: ManifestSource, code: ManifestCode, message: string, path: DocPath, options: DiagnosticOptions = {}): Diagnostic {
  return {
    code,
    severity: options.severity ?? "error",
    message,
    hint: options.hint ?? MANIFEST_CODES[code],
    source: source.locate(path, options.atKey),
  };
}

export class DocumentSource implements ManifestSource {
  private readonly index = new WeakMap<YAMLMap, Map<string, { key: Node | undefined; value: Node | undefined }>>();

  constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  find(path: DocPath): Found {
    let node = this.deref(this.doc.contents ?? undefined);
    let key: Node | undefined;
    for (const seg of path) {
      if (node === undefined) break;
      const next = this.child(node, seg);
      if (next === undefined) break;
      node = next.value;
      key = next.key;
    }
    return { node, key };
  }

  place(base: DocPath, tail: DocPath = []): Place {
    return new LocatedPlace(this.locate([...base, ...tail]));
  }

  locate(path: DocPath, atKey = false): SourceLocation {
    const found = this.find(path);
    const target = atKey && found.key !== undefined ? found.key : (found.node ?? found.key);
    return this.locationOf(target, path);
  }

  locationOf(node: Node | undefined, path: DocPath): SourceLocation {
    return this.locationAt(node?.range?.[0] ?? this.doc.range?.[0] ?? 0, path);
  }

  locationAt(offset: number, path: DocPath = []): SourceLocation {
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col, ...(path.length === 0 ? {} : { path: formatPath(path) }) };
  }

  diagnostic(code: ManifestCode, message: string, path: DocPath, options: DiagnosticOptions = {}): Diagnostic {
    return locatedDiagnostic(this, code, message, path, options);
  }

  private deref(node: unknown): Node | undefined {
    if (isAlias(node)) return this.deref(node.resolve(this.doc));
    return isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
  }

  private child(node: Node, seg: PathSegment): { key: Node | undefined; value: Node | undefined } | undefined {
    if (isSeq(node)) {
      const item = typeof seg === "number" ? node.items[seg] : undefined;
      return item === undefined ? undefined : { key: undefined, value: this.deref(item) };
    }
    if (!isMap(node)) return undefined;
    const entry = this.entries(node).get(String(seg));
    if (entry) return entry;
    // A key brought in by a merge (`<<: *base`) lives in the merged mapping.
    const merge = this.entries(node).get(MERGE_KEY)?.value;
    const sources = merge === undefined ? [] : isSeq(merge) ? merge.items.map((i) => this.deref(i)) : [merge];
    for (const source of sources) {
      if (source && isMap(source)) {
        const inherited = this.entries(source).get(String(seg));
        if (inherited) return inherited;
      }
    }
    return undefined;
  }

  private entries(map: YAMLMap): Map<string, { key: Node | undefined; value: Node | undefined }> {
    let entries = this.index.get(map);
    if (entries === undefined) {
      entries = new Map();
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const keyNode = isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key) ? (pair.key as Node) : undefined;
        // With merge keys on, `<<` parses to a symbol.
        const name = !isScalar(pair.key) ? String(pair.key) : typeof pair.key.value === "symbol" ? MERGE_KEY : String(pair.key.value);
        if (!entries.has(name)) entries.set(name, { key: keyNode, value: this.deref(pair.value) });
      }
      this.index.set(map, entries);
    }
    return entries;
  }
}
