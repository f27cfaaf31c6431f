/**
 * lexer.ts is `yaml`'s Lexer without generators; it is only right while it gives exactly the
 * tokens `yaml`'s own Lexer gives. These cases hold the two side by side: every YAML text in the
 * project, a few thousand seeded mutations of them, and generated text made of the characters YAML
 * gives meaning to.
 */
import { describe, expect, it } from "vitest";
import { Lexer } from "yaml";
import { lexYaml, TokenStream } from "../../src/manifest/lexer.js";
import { generated, mutations, YAML_CORPUS } from "./yaml-corpus.js";

const yamlTokens = (text: string): string[] => [...new Lexer().lex(text)];

function expectSameTokens(text: string): void {
  expect(lexYaml(text), JSON.stringify(text.slice(0, 200))).toEqual(yamlTokens(text));
}

describe("the lexer gives the tokens yaml's Lexer gives", () => {
  it("for every YAML file in the project", () => {
    expect(YAML_CORPUS.length).toBeGreaterThan(50);
    YAML_CORPUS.forEach(expectSameTokens);
  });

  it("for text cut off anywhere: inside quotes, flow collections and block scalars", () => {
    const text = 'a: "x\n  y"\nb: [1, {c: d}\nc: |2+\n   kept\n\nd: \'it\'\'s\n';
    for (let end = 0; end <= text.length; end++) expectSameTokens(text.slice(0, end));
  });

  it("for seeded mutations of the project's YAML files", () => {
    for (const text of mutations(14, 3000)) expectSameTokens(text);
  });

  it("for generated text made of YAML's own characters", () => {
    for (const text of generated(2026, 3000)) expectSameTokens(text);
  });
});

describe("a token stream gives the same tokens as they are asked for", () => {
  /** Reads `text` through a stream, looking `ahead` tokens past the next one before each step. */
  function streamed(text: string, ahead: number): string[] {
    const stream = new TokenStream(text);
    const out: string[] = [];
    for (let t = stream.at(0); t !== undefined; t = stream.at(0)) {
      stream.at(ahead);
      out.push(t);
      stream.advance();
    }
    return out;
  }

  it("for every YAML file in the project, looking ahead by none, one and many tokens", () => {
    for (const text of YAML_CORPUS) for (const ahead of [0, 1, 7]) expect(streamed(text, ahead)).toEqual(lexYaml(text));
  });

  it("past the thousands of tokens it lets go of at a time", () => {
    const text = Array.from({ length: 3000 }, (_, i) => `key${i}: [a, "b", {c: ${i}}]\n`).join("");
    const tokens = lexYaml(text);
    expect(tokens.length).toBeGreaterThan(3 * 4096);
    expect(streamed(text, 3)).toEqual(tokens);
  });
});
