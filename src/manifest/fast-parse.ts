/**
 * The fast path for clean manifests: js-yaml parses about ten times faster than `yaml`, which
 * keeps a full node tree. It is used only where both libraries surely read the same data, and
 * only to answer "these documents are fine"; anything it is unsure of returns undefined and the
 * caller parses the file again with `parseManifest`, which finds and locates every problem.
 *
 * Refused here (so decided by the `yaml` path): tags, anchors, aliases and merge keys (so no
 * alias bomb can reach js-yaml's expansion), directives, tabs, a lone CR, a BOM, flow
 * collections over several lines (`yaml` warns about their indentation), keys that are not
 * plain strings, empty values, `${` outside settings, and any document that is not a mapping.
 */
import { FAILSAFE_SCHEMA, loadAll, Type, type State } from "js-yaml";
import type { ParsedDocument } from "./parse.js";
import { FastSource, type PositionedNode } from "./fast-source.js";
import { LineTable } from "./line-table.js";
import { templatesAllowedIn } from "./templates.js";

/** A node start where a tag (`!`), anchor (`&`) or alias (`*`) may be written; plain text like "a & b" matches too, which only costs the fast path. */
const NODE_PROPERTIES = /(?:^|[\s[{,])[!&*]/;
const DIRECTIVE = /^%/m;
const LONE_CR = /\r(?!\n)/;

/** The YAML 1.2 core schema exactly as `yaml` resolves plain scalars, not js-yaml's variant (which reads `1_000` as a number). */
const CORE_AS_YAML = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type("tag:yaml.org,2002:null", { kind: "scalar", resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
    new Type("tag:yaml.org,2002:bool", { kind: "scalar", resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s), construct: (s: string) => s[0] === "t" || s[0] === "T" }),
    new Type("tag:yaml.org,2002:int", { kind: "scalar", resolve: (s: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s), construct: intValue }),
    new Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (s: string) =>
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s),
      construct: floatValue,
    }),
  ],
});

function intValue(s: string): number {
  if (s.startsWith("0o")) return parseInt(s.slice(2), 8);
  if (s.startsWith("0x")) return parseInt(s.slice(2), 16);
  return parseInt(s, 10);
}

function floatValue(s: string): number {
  if (s.endsWith("nan") || s.endsWith("NaN") || s.endsWith("NAN")) return NaN;
  if (/inf$/i.test(s)) return s[0] === "-" ? -Infinity : Infinity;
  return parseFloat(s);
}

/** The documents of `text`, or undefined when only the `yaml` path may decide. */
export function parseManifestFast(text: string, file: string): ParsedDocument[] | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.includes("\t") || text.includes("<<") || LONE_CR.test(text) || DIRECTIVE.test(text) || NODE_PROPERTIES.test(text)) {
    return undefined;
  }
  const roots: PositionedNode[] = [];
  const open: PositionedNode[] = [];
  let values: unknown[];
  try {
    values = loadAll(text, undefined, {
      schema: CORE_AS_YAML,
      // js-yaml reports each node as it opens and closes; the tree of those events gives every node's offsets.
      listener(event: "open" | "close", state: State) {
        if (event === "open") {
          open.push({ start: state.position, end: state.position, value: undefined, kind: null, children: [] });
          return;
        }
        const node = open.pop()!;
        node.end = state.position;
        node.value = state.result;
        node.kind = state.kind === "mapping" || state.kind === "sequence" || state.kind === "scalar" ? state.kind : null;
        const only = node.children.length === 1 ? node.children[0]! : undefined;
        // js-yaml tries a flow collection as a mapping key first; when no `:` follows, it is the node itself.
        const kept = only !== undefined && typeof node.value === "object" && node.value !== null && only.value === node.value ? only : node;
        // Nothing was read (js-yaml looks for one more entry before `---` or `...`). A real empty value, dropped
        // here too, leaves its mapping one node short, which `consistent` refuses.
        if (kept.kind === null && kept.value === null && kept.children.length === 0) return;
        (open[open.length - 1]?.children ?? roots).push(kept);
      },
    });
  } catch {
    return undefined;
  }
  if (values.length === 0 || roots.length !== values.length) return undefined;
  const lines = new LineTable(text);
  const documents: ParsedDocument[] = [];
  for (const [i, value] of values.entries()) {
    const root = roots[i]!;
    if (root.value !== value || !isPlainMapping(value) || !consistent(root, text)) return undefined;
    if (!templatesOnlyInSettings(value)) return undefined;
    documents.push({ source: new FastSource(file, root, text, lines), value });
  }
  return documents;
}

const isPlainMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * True when the event tree has exactly one key and one value node per mapping entry and one node
 * per list item, holding the parsed values, so that positions looked up by path are the right ones.
 */
function consistent(node: PositionedNode, text: string): boolean {
  const { value, children } = node;
  if (node.kind === "mapping") {
    if (!isPlainMapping(value)) return false;
    const keys = Object.keys(value);
    if (children.length !== 2 * keys.length || !singleLine(node, text)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = children[2 * i]!;
      const item = children[2 * i + 1]!;
      if (key.kind !== "scalar" || typeof key.value !== "string" || key.value !== keys[i] || key.value === "__proto__") return false;
      if (item.value !== value[key.value] || !consistent(item, text)) return false;
    }
    return true;
  }
  if (node.kind === "sequence") {
    if (!Array.isArray(value) || children.length !== value.length || !singleLine(node, text)) return false;
    return children.every((item, i) => item.value === value[i] && consistent(item, text));
  }
  return node.kind === "scalar" && (value === null || typeof value !== "object");
}

/** A flow collection (`[...]`, `{...}`) written over several lines: `yaml` checks its indentation, js-yaml does not. */
function singleLine(node: PositionedNode, text: string): boolean {
  const start = FastSource.contentStart(text, node.start);
  const first = text[start];
  if (first !== "[" && first !== "{") return true;
  const newline = text.indexOf("\n", start);
  return newline === -1 || newline >= node.end;
}

function templatesOnlyInSettings(doc: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(doc)) {
    if (key.includes("${")) return false;
    if (!templatesAllowedIn(key) && holdsTemplate(value)) return false;
  }
  return true;
}

function holdsTemplate(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (key.includes("${") || holdsTemplate(item)) return true;
  }
  return false;
}
