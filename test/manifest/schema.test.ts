/** The schema is read by people in their editors: every property explains itself. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestSchemaPath, readManifestSchemaText } from "../../src/manifest/index.js";

type Schema = { [key: string]: unknown };
const schema = JSON.parse(readManifestSchemaText()) as Schema;

/** Every subschema with its JSON pointer. Conditionals (allOf/if/then/else) only refine properties declared elsewhere. */
function* walk(node: unknown, pointer: string): Generator<[string, Schema]> {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return;
  const s = node as Schema;
  yield [pointer, s];
  for (const [key, value] of Object.entries(s)) {
    if (key === "properties" || key === "$defs" || key === "patternProperties") {
      for (const [name, sub] of Object.entries(value as Schema)) yield* walk(sub, `${pointer}/${key}/${name}`);
    } else if (["items", "additionalProperties", "propertyNames", "then", "else", "if", "not"].includes(key)) {
      yield* walk(value, `${pointer}/${key}`);
    } else if (key === "allOf") {
      for (const [i, sub] of (value as unknown[]).entries()) yield* walk(sub, `${pointer}/allOf/${i}`);
    }
  }
}

describe("schemas/manifest.schema.json", () => {
  it("is JSON Schema 2020-12", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("describes every property", () => {
    const undescribed = [...walk(schema, "#")]
      .filter(([pointer]) => /\/(properties|\$defs)\/[^/]+$/.test(pointer) && !pointer.includes("/allOf/"))
      .filter(([, s]) => typeof s["description"] !== "string")
      .map(([pointer]) => pointer);
    expect(undescribed).toEqual([]);
  });

  it("closes every object to unknown keys", () => {
    const open = [...walk(schema, "#")]
      .filter(([pointer, s]) => s["properties"] !== undefined && s["additionalProperties"] !== false && !pointer.includes("/allOf/"))
      .map(([pointer]) => pointer);
    expect(open).toEqual([]);
  });

  it("is the file manifestSchemaPath names", () => {
    expect(readFileSync(manifestSchemaPath(), "utf8")).toBe(readManifestSchemaText());
  });
});
