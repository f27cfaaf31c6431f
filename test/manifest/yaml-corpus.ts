/**
 * YAML text for the tests that hold a quick reader beside `yaml` itself: every YAML file in the
 * project, and seeded edits of it with the characters YAML gives meaning to, so a failure names a
 * case that reproduces.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRandom } from "../../src/emulators/core/random.js";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const path = join(dir, n);
    if (n === "node_modules" || n.startsWith(".")) return [];
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(n) ? [path] : [];
  });
}

export const YAML_CORPUS: readonly string[] = ["scans", "examples", "test/fixtures"].flatMap(yamlFiles).map((f) => readFileSync(f, "latin1"));

/** The characters and pieces YAML reads as structure, and a few it reads as text. */
export const YAML_PIECES = [" ", "  ", "\n", "\r\n", "\r", "\t", "-", "- ", ":", ": ", "?", "? ", ",", "[", "]", "{", "}", "#", " #", "&a", "*a", "!", "!!str", "!<x>", "%", "%YAML 1.2", "|", ">", "|-", ">+2", "'", '"', "\\", "---", "...", "\ufeff", "a", "key", "1", "é", "𝄞", "\x02", "\x1f"];

/** `count` texts from `seed`: a corpus file (its first 4,000 characters) with one to four edits from `pieces`. */
export function* mutations(seed: number, count: number, pieces: readonly string[] = YAML_PIECES): Generator<string> {
  const random = createRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)]!;
  for (let n = 0; n < count; n++) {
    let text = pick(YAML_CORPUS).slice(0, 4000);
    for (let edits = 1 + Math.floor(random.next() * 4); edits > 0; edits--) {
      const at = Math.floor(random.next() * (text.length + 1));
      const cut = Math.floor(random.next() * 3);
      text = text.slice(0, at) + (random.next() < 0.75 ? pick(pieces) : "") + text.slice(at + cut);
    }
    yield text;
  }
}

/** `count` texts of up to 40 pieces each, from `seed`. */
export function* generated(seed: number, count: number): Generator<string> {
  const random = createRandom(seed);
  for (let n = 0; n < count; n++) {
    let text = "";
    for (let len = Math.floor(random.next() * 40); len > 0; len--) text += YAML_PIECES[Math.floor(random.next() * YAML_PIECES.length)];
    yield text;
  }
}
