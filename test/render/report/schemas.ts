/**
 * The schemas reports are held to: SARIF 2.1.0 as published with Microsoft's SARIF tooling (a
 * draft-04 JSON Schema, hence ajv-draft-04), and JUnit as junit.xsd beside this file, checked by
 * libxml2 compiled to WebAssembly (xmllint-wasm), so the tests need no system package.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import AjvModule from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { validateXML } from "xmllint-wasm";

const require = createRequire(import.meta.url);
// ajv-draft-04 ships CommonJS; under NodeNext its default import is the module object.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export function sarifProblems(text: string): string[] {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
  // The published schema has a pattern (`language`) that is only valid as a non-unicode RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // Formats checked too: a location's uri must be a URI reference, or code scanning misplaces it.
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ""}`);
}

export async function junitProblems(text: string): Promise<string[]> {
  const xsd = readFileSync(fileURLToPath(new URL("./junit.xsd", import.meta.url)), "utf8");
  const result = await validateXML({ xml: [{ fileName: "report.xml", contents: text }], schema: [xsd] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
