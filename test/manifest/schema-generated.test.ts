/** The validator shipped is compiled ahead of time from the schema: it must be the one the schema gives today. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a build script in plain JavaScript, without types.
import { GENERATED, SCHEMA, validatorSource } from "../../scripts/gen-schema-validator.mjs";

describe("generated schema validator", () => {
  it("is up to date with schemas/manifest.schema.json (run `npm run gen:schema` after changing it)", async () => {
    const expected = (validatorSource as (text: string) => string)(await readFile(SCHEMA as URL, "utf8"));
    expect(await readFile(GENERATED as URL, "utf8")).toBe(expected);
  });
});
