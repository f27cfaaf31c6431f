/**
 * `scanform import --vendor V [--kind K] [--name REGEX] [--out FILE] [paths]`: the import operation
 * (src/ops/import.ts) written as a manifest file; with `--address A --id N`, one block that takes
 * over an object the vendor cannot list (src/ops/import-by-id.ts). Reads the vendor; changes nothing there and
 * writes nothing to state. Exit 0, or 1 on an error (the file exists already, the vendor cannot list).
 */
import { writeFile } from "node:fs/promises";
import { utcDay } from "../core/day.js";
import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { ScanformError } from "../core/errors.js";
import { readManifestSchemaText } from "../manifest/schema.js";
import { buildDocument } from "../manifest/document.js";
import { parseManifest } from "../manifest/parse.js";
import { createSuggester, SUGGESTION_CELLS } from "../manifest/suggest.js";
import { importOperation, type ImportedResource } from "../ops/import.js";
import { importByIdOperation } from "../ops/import-by-id.js";
import type { OpenWorkspace } from "../ops/workspace.js";
import { importByIdYaml } from "../render/import-by-id-yaml.js";
import { importYaml } from "../render/import-yaml.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import { inWorkspace } from "./run-deps.js";
import { writeFailure } from "./output-files.js";

interface RawImportFlags {
  vendor: string;
  kind: string[];
  name?: RegExp;
  out?: string;
  address?: string;
  id?: string;
  debug?: boolean;
}

export function registerImport(openWorkspace: OpenWorkspace, now: () => Date = () => new Date()): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("import")
      .description("Write manifests that adopt what exists at a vendor and is not in state; changes nothing at the vendor or in state.")
      .argument("[paths...]", "manifest files or directories naming the vendors' settings and the state (default: the current directory)")
      .requiredOption("--vendor <vendor>", "the vendor to read, e.g. hexiosec")
      .option("--kind <kind>", "only this kind, e.g. scan (repeatable)", (v: string, prev: string[]) => [...prev, v], [])
      .option("--name <regex>", "only objects whose vendor name matches this regular expression", parseRegex)
      .option("--out <file>", "the manifest to write (default: imported-<vendor>.yaml); never overwritten")
      .option("--address <address>", "with --id: the address to take over an object the vendor cannot list, e.g. cortex.scan.lab")
      .option("--id <id>", "with --address: the object's id as the vendor's console shows it")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .action(async (paths: string[], raw: RawImportFlags) => {
        setExit(
          await inWorkspace(openWorkspace, paths, io, { debug: raw.debug === true }, async (ws) => {
            const today = utcDay(now());
            if (raw.address !== undefined || raw.id !== undefined) {
              if (raw.address === undefined || raw.id === undefined) throw new ScanformError("IMPORT_BY_ID", "--address and --id go together.", { hint: "Pass both, e.g. --address cortex.scan.lab --id 123." });
              const found = await importByIdOperation(ws, { vendor: raw.vendor, address: raw.address, id: raw.id });
              const out = raw.out ?? `imported-${raw.vendor}-${found.key}.yaml`;
              await writeNew(resolve(io.cwd, out), out, importByIdYaml(found, JSON.parse(readManifestSchemaText()) as object, today));
              io.stdout.write(
                `Wrote ${raw.address} (${raw.vendor} id ${found.id}) to ${out}: fill in its fields from the console; the file fails validate until you do.\n` +
                  "Nothing was changed at the vendor or in the state. `scanform plan` then shows an import whose apply OVERWRITES that object with the manifest.\n",
              );
              return EXIT.ok;
            }
            const outcome = await importOperation(ws, { vendor: raw.vendor, kinds: raw.kind, refusal: validateRefusal, ...(raw.name ? { name: raw.name } : {}) });
            for (const why of outcome.skipped) io.stdout.write(`Left out ${why}.\n`);
            if (outcome.resources.length === 0) {
              io.stdout.write(`Nothing to import at ${raw.vendor}: every object there is already managed (${outcome.alreadyManaged})${outcome.skipped.length > 0 ? ", left out above," : ""} or left out by the filters.\n`);
              return EXIT.ok;
            }
            const out = raw.out ?? `imported-${raw.vendor}.yaml`;
            await writeNew(resolve(io.cwd, out), out, importYaml(outcome, today));
            io.stdout.write(
              `Wrote ${outcome.resources.length} ${raw.vendor} resource${outcome.resources.length === 1 ? "" : "s"} to ${out} (${outcome.alreadyManaged} already managed, left out).\n` +
                "Nothing was changed at the vendor or in the state. Review the file, then run `scanform plan`: each shows as an import, recorded by the next apply.\n",
            );
            return EXIT.ok;
          }),
        );
      });
  };
}

/**
 * The first error `scanform validate` finds in one resource as import writes it, read alone: what
 * a manifest cannot hold (a list the schema wants non-empty, a bad URL), said by the manifest
 * layer itself, so import never writes a file validate refuses. Names and references across
 * resources are the import operation's own checks.
 */
export function validateRefusal(resource: ImportedResource): string | undefined {
  const vendor = resource.address.split(".")[0] ?? "";
  const text = importYaml({ vendor, resources: [resource], alreadyManaged: 0, skipped: [] }, "");
  const parsed = parseManifest(text, "import");
  const suggest = createSuggester(SUGGESTION_CELLS);
  const found = [...parsed.diagnostics, ...parsed.documents.flatMap((d) => buildDocument(d, suggest).diagnostics)].find((d) => d.severity === "error");
  if (found === undefined) return undefined;
  const at = found.source?.path?.slice(`${vendor}.${resource.kind}s.${resource.key}.`.length) ?? "";
  const where = at === "" || found.message.includes(JSON.stringify(at.split(".").pop())) ? "" : `${at}: `;
  return `validate would refuse it as ${vendor} holds it: ${where}${found.message} (${found.code}); change it at ${vendor}, then import again`;
}

async function writeNew(path: string, shown: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: "wx" }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "EEXIST") throw new ScanformError("IMPORT_FILE_EXISTS", `${shown} exists already; import never overwrites a manifest.`, { hint: "Pass another --out, or move the file away." });
    throw new ScanformError("IMPORT_FILE_WRITE", `Cannot write ${shown}: ${writeFailure(e)}`, { hint: "Pass an --out in a folder that exists and this user may write to." });
  });
}

function parseRegex(value: string): RegExp {
  if (value.length > 200) throw new InvalidArgumentError("expected a regular expression of at most 200 characters");
  try {
    return new RegExp(value);
  } catch {
    throw new InvalidArgumentError("expected a JavaScript regular expression, e.g. '^Corp '");
  }
}
