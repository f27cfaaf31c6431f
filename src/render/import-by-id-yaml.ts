/**
 * The manifest block `scanform import --address A --id N` writes: `adopt: {id}` and every field the
 * manifest schema knows for the kind as a comment with its description. The required ones are
 * marked TODO, so the file fails `validate` until a person has written them: the vendor cannot say
 * what the object holds, and the first apply overwrites it with whatever the block says.
 */
import { ownEntry } from "../core/own.js";
import type { ImportById } from "../ops/import-by-id.js";

interface SchemaNode {
  readonly $ref?: string;
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

/** Fields the block sets itself, or that only tune scanform, not the object. */
const LEFT_OUT = new Set(["adopt", "ignore", "protect"]);

export function importByIdYaml(found: ImportById, schema: SchemaNode, today: string): string {
  const node = kindNode(schema, found.vendor, found.kind);
  const required = new Set(node?.required ?? []);
  const fields = Object.entries(node?.properties ?? {}).filter(([field]) => !LEFT_OUT.has(field));
  const lines = [
    `# Written by \`scanform import --vendor ${found.vendor} --address ${found.vendor}.${found.kind}.${found.key} --id ${found.id}\` on ${today}.`,
    `# ${found.vendor} cannot read ${found.kind} ${found.id} back: copy its settings from the console into the fields below.`,
    "# The fields marked TODO are required, so this file fails `scanform validate` until they are written.",
    "# The next plan shows an import; its apply OVERWRITES the object with this block. Nothing is in the state yet.",
    `${found.vendor}:`,
    `  ${found.kind}s:`,
    `    # ${found.vendor} ${found.kind} ${found.id}`,
    `    ${found.key}:`,
    `      adopt: { id: "${found.id}" }`,
    ...fields.map(([field, f]) => `      # ${field}: ${required.has(field) ? "TODO (required) " : ""}${oneLine(f.description ?? "")}`),
  ];
  return `${lines.join("\n")}\n`;
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The schema of `<vendor>.<kind>s.<key>`, through one `$ref` into `$defs`. */
function kindNode(schema: SchemaNode, vendor: string, kind: string): SchemaNode | undefined {
  const vendorNode = own(schema.properties, vendor);
  const map = own(vendorNode?.properties, `${kind}s`);
  const item = typeof map?.additionalProperties === "object" ? map.additionalProperties : undefined;
  const ref = item?.$ref?.startsWith("#/$defs/") ? item.$ref.slice("#/$defs/".length) : undefined;
  return ref === undefined ? item : own(schema.$defs, ref);
}

const own = <T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined => (table === undefined ? undefined : ownEntry(table, key));
