/**
 * lexer.ts is `yaml`'s Lexer without generators; it is only right while it gives exactly the
 * tokens `yaml`'s own Lexer gives. These cases hold the two side by side: every YAML text in the
 * project, a few thousand seeded mutations of them, and generated text made of the characters YAML
 * gives meaning to.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lexer } from "yaml";
import { lexYaml } from "../../src/manifest/lexer.js";

const yamlTokens = (text: string): string[] => [...new Lexer().lex(text)];

function expectSameTokens(text: string): void {
  expect(lexYaml(text), JSON.stringify(text.slice(0, 200))).toEqual(yamlTokens(text));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const path = join(dir, n);
    if (n === "node_modules" || n.startsWith(".")) return [];
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(n) ? [path] : [];
  });
}

const CORPUS = ["scans", "examples", "test/fixtures"].flatMap(yamlFiles).map((f) => readFileSync(f, "latin1"));

/** A small seeded generator (mulberry32), so a failure names a case that reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The characters and pieces YAML reads as structure, and a few it reads as text. */
const PIECES = [" ", "  ", "\n", "\r\n", "\r", "\t", "-", "- ", ":", ": ", "?", "? ", ",", "[", "]", "{", "}", "#", " #", "&a", "*a", "!", "!!str", "!<x>", "%", "%YAML 1.2", "|", ">", "|-", ">+2", "'", '"', "\\", "---", "...", "\ufeff", "a", "key", "1", "é", "𝄞", "\x02", "\x1f"];

describe("the lexer gives the tokens yaml's Lexer gives", () => {
  it("for every YAML file in the project", () => {
    expect(CORPUS.length).toBeGreaterThan(50);
    CORPUS.forEach(expectSameTokens);
  });

  it("for text cut off anywhere: inside quotes, flow collections and block scalars", () => {
    const text = 'a: "x\n  y"\nb: [1, {c: d}\nc: |2+\n   kept\n\nd: \'it\'\'s\n';
    for (let end = 0; end <= text.length; end++) expectSameTokens(text.slice(0, end));
  });

  it("for seeded mutations of the project's YAML files", () => {
    const next = random(14);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    for (let n = 0; n < 3000; n++) {
      let text = pick(CORPUS).slice(0, 4000);
      for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
        const at = Math.floor(next() * (text.length + 1));
        const cut = Math.floor(next() * 3);
        text = text.slice(0, at) + (next() < 0.75 ? pick(PIECES) : "") + text.slice(at + cut);
      }
      expectSameTokens(text);
    }
  });

  it("for generated text made of YAML's own characters", () => {
    const next = random(2026);
    for (let n = 0; n < 3000; n++) {
      let text = "";
      for (let len = Math.floor(next() * 40); len > 0; len--) text += PIECES[Math.floor(next() * PIECES.length)];
      expectSameTokens(text);
    }
  });
});
