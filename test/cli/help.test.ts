/** What `--help` tells a person: the commands in workflow order, examples, exit codes, environment, docs. */
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

async function help(...argv: string[]) {
  const { io, out } = cliIO();
  const code = await main(argv, io);
  return { code, stdout: out() };
}

describe("--help", () => {
  it("root help reads as the golden file", async () => {
    const r = await help("--help");
    expect(r.code).toBe(EXIT.ok);
    await expect(r.stdout).toMatchFileSnapshot("__golden__/help-root.txt");
  });

  it("root help lists the commands in workflow order, not alphabetically", async () => {
    const listed = (await help("--help")).stdout
      .split("\n")
      .map((l) => /^ {2}([a-z-]+) /.exec(l)?.[1])
      .filter((n): n is string => n !== undefined && n !== "help");
    expect(listed).toEqual(["validate", "plan", "show", "apply", "wait", "status", "import", "doctor", "state", "force-unlock", "emulate", "schema"]);
  });

  it("plan --help reads as the golden file", async () => {
    await expect((await help("plan", "--help")).stdout).toMatchFileSnapshot("__golden__/help-plan.txt");
  });

  it("wait --help reads as the golden file", async () => {
    await expect((await help("wait", "--help")).stdout).toMatchFileSnapshot("__golden__/help-wait.txt");
  });

  it.each([...commands.map((c) => c.name), "state list"])("%s --help has examples, every exit code, the environment and a docs link", async (command) => {
    const out = (await help(...command.split(" "), "--help")).stdout;
    expect(out).toContain("Examples:\n  $ scanform ");
    for (const code of Object.values(EXIT)) expect(out).toMatch(new RegExp(`^  ${code}  `, "m"));
    expect(out).toContain("SCANFORM_LOG");
    expect(out).toMatch(/Docs: https:\/\/github\.com\/scanform\/scanform\/blob\/main\/\S+/);
  });
});
