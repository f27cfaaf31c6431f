/** `scanform schema`: print the manifest JSON Schema, e.g. for an editor or a CI linter. */
import { manifestSchemaPath, readManifestSchemaText } from "../manifest/index.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";

export const registerSchema: RegisterCommand = (program, io, setExit) => {
  program
    .command("schema")
    .description("Print the JSON Schema of the manifest language (JSON Schema 2020-12).")
    .option("--path", "print where the schema file is instead of its content")
    .action((flags: { path?: boolean }) => {
      io.stdout.write(flags.path ? `${manifestSchemaPath()}\n` : readManifestSchemaText());
      setExit(EXIT.ok);
    });
};
