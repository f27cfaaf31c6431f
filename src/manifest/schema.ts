/**
 * JSON Schema validation of one document, with every ajv error turned into a located finding.
 * The schema is the language's single definition (editors read it too); a subschema may name the
 * code and hint of its own failures with `x-code` / `x-hint`. The validator is compiled from it
 * ahead of time (scripts/gen-schema-validator.mjs): compiling it at start-up cost more than
 * validating a whole repository of manifests.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import validate from "./schema-validate.generated.cjs";
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import type { DocPath, ManifestSource } from "./source.js";
import type { Suggester } from "./suggest.js";
import { quote } from "./quote.js";

const SCHEMA_URL = new URL("../../schemas/manifest.schema.json", import.meta.url);

/** Absolute path of the manifest JSON Schema shipped with scanform (`scanform schema` prints it). */
export const manifestSchemaPath = (): string => fileURLToPath(SCHEMA_URL);

export const readManifestSchemaText = (): string => readFileSync(SCHEMA_URL, "utf8");

type SchemaNode = {
  readonly "x-code"?: ManifestCode;
  readonly "x-hint"?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
};

export interface SchemaCheck {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * True when the data at `path` has the types and required keys the schema asks for, so it can be
   * built and checked further. Other findings (a bad enum value, an unknown key, a pattern) leave
   * it buildable, so its semantic problems are reported in the same run; but a key the schema does
   * not know is itself never buildable, as nothing has checked what it holds.
   */
  readonly buildable: (path: DocPath) => boolean;
}

/** Findings after which the data at and below their path is not of the shape builders read. */
const BLOCKING = new Set(["type", "required"]);

export function checkSchema(value: unknown, source: ManifestSource, suggest: Suggester): SchemaCheck {
  if (validate(value)) return { diagnostics: [], buildable: () => true };
  const diagnostics: Diagnostic[] = [];
  // Kept as sets of path keys, so one question costs the path's depth, not the number of findings
  // (a file of 12,000 resources each with a type error took 15 s of CPU comparing every pair).
  const failed = new Set<string>();
  const aboveFailed = new Set<string>();
  const unknown = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = toPath(error.instancePath, value);
    if (BLOCKING.has(error.keyword)) {
      failed.add(pathKey(path));
      for (let i = 0; i < path.length; i++) aboveFailed.add(pathKey(path.slice(0, i)));
    }
    if (error.keyword === "additionalProperties") unknown.add(pathKey([...path, String((error.params as { additionalProperty: unknown }).additionalProperty)]));
    const found = describe(error, path, suggest);
    if (found) diagnostics.push(source.diagnostic(found.code, found.message, found.path, { atKey: found.atKey, hint: found.hint }));
  }
  const buildable = (path: DocPath): boolean => {
    if (aboveFailed.has(pathKey(path))) return false;
    for (let i = 0; i <= path.length; i++) {
      const prefix = pathKey(path.slice(0, i));
      if (failed.has(prefix) || unknown.has(prefix)) return false;
    }
    return true;
  };
  return { diagnostics, buildable };
}

const pathKey = (path: DocPath): string => path.join("\u0000");

/** JSON pointer → path, with array indices as numbers (a mapping key may itself look like a number). */
function toPath(pointer: string, root: unknown): DocPath {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let here: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(here)) {
      out.push(Number(seg));
      here = here[Number(seg)];
    } else {
      out.push(seg);
      here = here !== null && typeof here === "object" ? (here as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

interface Described {
  readonly code: ManifestCode;
  readonly message: string;
  readonly path: DocPath;
  readonly atKey: boolean;
  readonly hint: string;
}

const KEYWORD_CODES: Readonly<Record<string, ManifestCode>> = {
  additionalProperties: "MANIFEST_UNKNOWN_KEY",
  required: "MANIFEST_MISSING_KEY",
  "false schema": "MANIFEST_NOT_ALLOWED_HERE",
  not: "MANIFEST_NOT_ALLOWED_HERE",
  type: "MANIFEST_WRONG_TYPE",
  enum: "MANIFEST_NOT_ALLOWED_VALUE",
  const: "MANIFEST_NOT_ALLOWED_VALUE",
  pattern: "MANIFEST_BAD_FORMAT",
  format: "MANIFEST_BAD_FORMAT",
  minimum: "MANIFEST_OUT_OF_RANGE",
  maximum: "MANIFEST_OUT_OF_RANGE",
  exclusiveMinimum: "MANIFEST_OUT_OF_RANGE",
  exclusiveMaximum: "MANIFEST_OUT_OF_RANGE",
  minItems: "MANIFEST_BAD_LENGTH",
  maxItems: "MANIFEST_BAD_LENGTH",
  minLength: "MANIFEST_BAD_LENGTH",
  maxLength: "MANIFEST_BAD_LENGTH",
};

const label = (path: DocPath): string => {
  const last = path[path.length - 1];
  if (last === undefined) return "the document";
  if (typeof last === "number") return `item ${last + 1} of ${quote(String(path[path.length - 2] ?? ""))}`;
  return quote(last);
};

const show = (data: unknown): string => {
  if (typeof data === "string") return quote(data);
  const text = JSON.stringify(data) ?? String(data);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const typeOf = (data: unknown): string =>
  data === null ? "null" : Array.isArray(data) ? "a list" : typeof data === "object" ? "a mapping" : `a ${typeof data}`;

const TYPE_NAMES: Readonly<Record<string, string>> = { object: "a mapping", array: "a list", string: "a string", integer: "a whole number", number: "a number", boolean: "true or false", null: "empty" };

/** YAML 1.2 reads `yes`, `no`, `on` and `off` as strings, which people coming from YAML 1.1 expect to be booleans. */
const booleanHint = (data: unknown): string =>
  `Write true or false${typeof data === "string" ? ` (YAML reads ${quote(data)} as text, not as true or false)` : ""}.`;

function describe(error: ErrorObject, path: DocPath, suggest: Suggester): Described | undefined {
  // `propertyNames` repeats the finding of its inner keyword; `if` repeats its branch's.
  if (error.keyword === "propertyNames" || error.keyword === "if") return undefined;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const params = error.params as Record<string, unknown>;
  const keyName = error.propertyName;
  const code: ManifestCode = parent["x-code"] ?? KEYWORD_CODES[error.keyword] ?? "MANIFEST_BAD_FORMAT";
  const hint = parent["x-hint"];
  const base = { code, path, atKey: false, hint: hint ?? MANIFEST_CODES[code] };

  if (keyName !== undefined) {
    return { ...base, path: [...path, keyName], atKey: true, message: `the key ${quote(keyName)} is not a valid name` };
  }
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      return { ...base, path: [...path, key], atKey: true, message: `unknown key ${quote(key)} in ${label(path)}`, hint: suggest.suggestion(key, allowed, "key") };
    }
    case "required": {
      const key = String(params.missingProperty);
      const what = parent.properties?.[key]?.description;
      return { ...base, atKey: true, message: `${label(path)} is missing the required key ${JSON.stringify(key)}`, hint: what ? `Add ${key}: ${what}` : base.hint };
    }
    case "false schema":
    case "not":
      return { ...base, atKey: true, message: `${label(path)} is not allowed here` };
    case "type": {
      const wanted = String(params.type).split(",").map((t) => TYPE_NAMES[t] ?? t).join(" or ");
      const message = `${label(path)} must be ${wanted}, not ${typeOf(error.data)}`;
      return { ...base, message, hint: hint ?? (params.type === "boolean" ? booleanHint(error.data) : base.hint) };
    }
    case "enum":
    case "const": {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      const words = allowed.map(String);
      return { ...base, message: `${show(error.data)} is not allowed for ${label(path)}; use one of: ${words.join(", ")}`, hint: hint ?? suggest.suggestion(String(error.data), words, "value") };
    }
    case "pattern":
      // Never echo a value that failed a secret's pattern: it may be the secret itself.
      if (code === "MANIFEST_SECRET_LITERAL") return { ...base, message: `${label(path)} is a secret written literally; it must be an environment reference like \${VAR}` };
      return { ...base, message: `${show(error.data)} is not a valid value for ${label(path)}` };
    case "format":
      return { ...base, message: `${show(error.data)} is not a valid ${String(params.format)} for ${label(path)}` };
    case "minimum":
    case "exclusiveMinimum":
      return { ...base, message: `${show(error.data)} is too small for ${label(path)}; the minimum is ${String(params.limit)}` };
    case "maximum":
    case "exclusiveMaximum":
      return { ...base, message: `${show(error.data)} is too large for ${label(path)}; the maximum is ${String(params.limit)}` };
    case "minItems":
      return { ...base, message: `${label(path)} needs at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}` };
    case "maxItems":
      return { ...base, message: `${label(path)} may hold at most ${String(params.limit)} items` };
    case "minLength":
      return { ...base, message: `${label(path)} needs at least ${String(params.limit)} character${params.limit === 1 ? "" : "s"}` };
    case "maxLength":
      return { ...base, message: `${label(path)} may hold at most ${String(params.limit)} characters` };
    default:
      return { ...base, message: `${label(path)}: ${error.message ?? "is not valid"}` };
  }
}
