/**
 * The registry lists every command for the root help without loading it; what it lists must be
 * what the command, once loaded, says of itself.
 */
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandFor, commands } from "../../src/cli/commands.js";
import type { CliIO } from "../../src/cli/io.js";

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: "/" } as unknown as CliIO;

describe("command registry", () => {
  it.each(commands.map((c) => [c.name, c] as const))("lists %s with the term and description it registers", async (_name, entry) => {
    const program = new Command("scanform");
    (await entry.load())(program, io, () => undefined);
    const registered = program.commands.find((c) => c.name() === entry.name);
    expect(registered).toBeDefined();
    expect([program.createHelp().subcommandTerm(registered!), registered!.description()]).toEqual([entry.term, entry.description]);
  });

  it("names each command once", () => {
    expect(commands.map((c) => c.name)).toEqual([...new Set(commands.map((c) => c.name))]);
  });

  it.each([
    [["plan", "scans/"], "plan"],
    [["--no-color", "apply", "x"], "apply"],
    [["help", "state"], "state"],
    [["--version"], undefined],
    [[], undefined],
    [["plann"], undefined],
  ])("finds the command %j runs: %s", (argv, name) => {
    expect(commandFor(argv)?.name).toBe(name);
  });
});
