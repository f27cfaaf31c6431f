/**
 * The quick reader (yaml's Lexer read straight into data) is a shortcut, not a second language:
 * what it accepts it must read exactly as the `yaml` document path does (values and every
 * position), and whatever the safety rules or `yaml`'s findings depend on it must refuse, so the
 * `yaml` path decides.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifestFast } from "../../src/manifest/fast-parse.js";
import { parseManifest } from "../../src/manifest/parse.js";
import type { DocPath } from "../../src/manifest/source.js";
import { mutations } from "./yaml-corpus.js";

/** Every path to a key or value in `value`. */
function paths(value: unknown, at: DocPath = []): DocPath[] {
  const out: DocPath[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...at, i])));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

function expectSameAsYamlPath(text: string): void {
  const fast = parseManifestFast(text, "m.yaml");
  expect(fast, "the fast path refused it").toBeDefined();
  const slow = parseManifest(text, "m.yaml");
  expect(slow.diagnostics).toEqual([]);
  expect(fast!.map((d) => d.value)).toEqual(slow.documents.map((d) => d.value));
  fast!.forEach((doc, i) => {
    const reference = slow.documents[i]!.source;
    for (const path of paths(doc.value)) {
      expect(doc.source.locate(path, true), `${path.join(".")} at its key`).toEqual(reference.locate(path, true));
      expect(doc.source.locate(path, false), `${path.join(".")} at its value`).toEqual(reference.locate(path, false));
      // A place kept for later (a resource's base and a value's tail) locates where `locate` does, on either path.
      const [base, tail] = [path.slice(0, 2), path.slice(2)];
      expect(doc.source.place(base, tail).locate(), `${path.join(".")} as a place`).toEqual(reference.locate(path, false));
      expect(reference.place(base, tail).locate(), `${path.join(".")} as a yaml-path place`).toEqual(reference.locate(path, false));
    }
  });
}

const TRICKY = [
  "# leading comment",
  "",
  "qualys:   # trailing comment",
  "  webApps:",
  '    "quoted key":',
  "      url: 'https://a.example.com/'",
  "      tags:",
  "        - prod",
  "        -   pci   # spaced",
  "        - # comment before the item",
  "          staging",
  "      description: a plain scalar",
  "        folded over two lines",
  "      notes: |",
  "        kept",
  "          indented",
  "      more: >-",
  "        folded",
  "        block",
  "      list: [ a , 'b', \"c\" ]",
  "      map: { x: 1, y: two }",
  "      nested:",
  "      - k: v",
  "        k2: [1, 2]",
  "      -",
  "        k: w",
  "      unicode: \"é ☃ 𝄞\"",
  "      after: 𝄞 x",
  "",
].join("\n");

describe("what the fast path accepts it reads exactly as the yaml path", () => {
  it("keys, values, comments, quoting, block scalars and nested lists", () => {
    expectSameAsYamlPath(TRICKY);
  });

  it("with CRLF line ends", () => {
    expectSameAsYamlPath(TRICKY.replace(/\n/g, "\r\n"));
  });

  it("several documents, each located in its own", () => {
    expectSameAsYamlPath(`---\nqualys:\n  webApps:\n    a: { url: "https://a/" }\n---\n# second\nstate:\n  backend: local\n...\n`);
  });

  it("scalars resolved by the YAML 1.2 core schema as yaml resolves them", () => {
    const text = "v:\n  a: 1_000\n  b: 0o17\n  c: 0x1F\n  d: +12\n  e: 1e3\n  f: .5\n  g: -.inf\n  h: ~\n  i: Null\n  j: TRUE\n  k: yes\n  l: 2024-01-01\n  m: 017\n  n: 1.50\n  o: null\n  p: -0\n  q: '12'\n";
    expectSameAsYamlPath(text);
    expect(parseManifestFast(text, "m.yaml")![0]!.value).toEqual({
      v: { a: "1_000", b: 15, c: 31, d: 12, e: 1000, f: 0.5, g: -Infinity, h: null, i: null, j: true, k: "yes", l: "2024-01-01", m: 17, n: 1.5, o: null, p: -0, q: "12" },
    });
  });

  it("values on the line below their key or dash, nested flow collections and typed scalars in them", () => {
    expectSameAsYamlPath("a:\n  plain on the next line\nb:\n  - x\n  -\n    'quoted below'\n  -\n    - nested\n    - list\nc: [[1, -2], {k: [v, 0x1F]}, {}, [], '#', \"q\"]\nd: { \"json\":1, 'x y': ~ }\n");
  });

  it("a block sequence at its key's indent, compact mappings and block scalars in lists", () => {
    expectSameAsYamlPath("a:\n- k: v\n  l: |\n    text\n  m: >+\n\n    kept\n\n- |-\n  item\nb:   # c\n    x: -1\n    y: -x\n    z: :y\n");
  });

  it("quoted scalars with and without escapes, empty ones included", () => {
    expectSameAsYamlPath(`a: "02:00"\nb: "x \\" \\u00e9 \\\\"\nc: 'it''s'\nd: ""\ne: ''\nf: ["#", 'q', "\\t"]\n"k\\u0041": 'v'\n`);
  });

  it("an indented first key and comments at any column", () => {
    expectSameAsYamlPath("  a:\n      b: 1\n# at column 1\n      c: 2\n  d: 3 # after\n");
  });

  it("every manifest under scans/", () => {
    for (const name of readdirSync("scans").filter((n) => n.endsWith(".yaml"))) expectSameAsYamlPath(readFileSync(join("scans", name), "utf8"));
  });

  it("every fixture it accepts", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith(".yaml") ? [join(dir, n)] : []));
    const accepted = files("test/fixtures/manifest")
      .map((f) => readFileSync(f, "latin1"))
      .filter((text) => parseManifestFast(text, "m.yaml") !== undefined);
    expect(accepted.length).toBeGreaterThan(10);
    accepted.forEach(expectSameAsYamlPath);
  });
});

describe("on seeded edits of the project's YAML, what the fast path accepts the yaml path reads the same", () => {
  /** Edits that mostly keep a manifest plain, so that many of them are accepted and compared. */
  const PLAIN_EDITS = [" ", "  ", "\n", "\r\n", "- ", ": ", ",", " #", "# c\n", "'", '"', "[", "]", "{", "}", "x", "0", "1.5", "true", "~", "é", "𝄞", "---\n", "...\n", "|", ">"];

  it("values and every position agree, and the yaml path finds nothing wrong", () => {
    let accepted = 0;
    for (const text of mutations(41, 1500, PLAIN_EDITS)) {
      if (parseManifestFast(text, "m.yaml") === undefined) continue;
      accepted++;
      expectSameAsYamlPath(text);
    }
    expect(accepted).toBeGreaterThan(300);
  });
});

describe("the fast path leaves to the yaml path", () => {
  const refused: Record<string, string> = {
    "an alias bomb": 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n',
    "an anchor": "a: &x 1\n",
    "a custom tag": "a: !secret x\n",
    "a standard tag": "a: !!str 1\n",
    "a merge key": "a: { x: 1 }\nb:\n  <<: { x: 1 }\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "a tab": "a:\t1\n",
    "a byte order mark": "\ufeffa: 1\n",
    "a lone carriage return": "a: 1\rb: 2\n",
    "a flow collection over several lines": "a: [1,\n  2]\n",
    "a number as a key": "1: x\n",
    "a null key": "~: x\n",
    "a boolean key": "true: x\n",
    "__proto__ as a key": "__proto__: x\n",
    "an empty value": "a:\nb: 1\n",
    "${ outside settings": "qualys:\n  webApps:\n    a: { url: '${URL}' }\n",
    "${ in a key outside settings": "qualys:\n  webApps:\n    ${A}: { url: x }\n",
    "${ in a top-level key": "${A}: 1\n",
    "a top-level list": "- a\n",
    "an empty file": "",
    "a document of comments only": "# nothing\n",
    "a syntax error": "a: [1, 2\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "a mapping nested in a compact one": "a: b: c\n",
    "a list nested in a compact one": "a:\n  - - x\n",
    "a list item on its key's line": "a: - x\n",
    "a flow collection with a trailing comma": "a: [1, 2, ]\n",
    "a pair inside a flow list": "a: [k: v]\n",
    "a flow mapping key without a value": "a: {k}\n",
    "a quoted scalar over several lines": 'a: "one\n  two"\n',
    "an empty list item": "a:\n  -\n  - x\n",
    "an explicit key": "? a\n: 1\n",
    "a comment without a space before it": "a: [x]#c\n",
    "a bare document after an end marker": "a: 1\n...\nb: 2\n",
    "an empty document between markers": "a: 1\n---\n---\nb: 2\n",
    "a block scalar with extra header characters": "a: |x\n  t\n",
    "a plain scalar starting with a reserved character": "a: @x\n",
    "a key over 1024 characters": `${"k".repeat(1100)}: 1\n`,
  };
  for (const [what, text] of Object.entries(refused)) {
    it(what, () => {
      expect(parseManifestFast(text, "m.yaml")).toBeUndefined();
    });
  }

  it("a collection nested as deep as the depth limit", () => {
    expect(parseManifestFast("a:\n  b:\n    c: 1\n", "m.yaml", 3)).toBeDefined();
    expect(parseManifestFast("a:\n  b:\n    c: [1]\n", "m.yaml", 3)).toBeUndefined();
    expect(parseManifestFast("a:\n  b:\n    - 1\n", "m.yaml", 2)).toBeUndefined();
  });

  it("but keeps ${ in settings", () => {
    expect(parseManifestFast("vendors:\n  qualys:\n    username: ${QUALYS_USER}\n", "m.yaml")).toBeDefined();
  });
});
