/** Defaults from the environment for the flags a CI job sets once: a flag beats its variable. */
import { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { PARALLELISM_ENV } from "../../src/cli/apply.js";
import { checkPollCeiling, pollIntervalOption, pollMaxIntervalOption, POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV } from "../../src/cli/duration-flags.js";
import { envDefaults, envValue } from "../../src/cli/env-defaults.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

describe("envValue", () => {
  it.each([
    [{}, undefined],
    [{ SCANFORM_POLL_INTERVAL: "" }, undefined],
    [{ SCANFORM_POLL_INTERVAL: "500ms" }, 500],
    [{ SCANFORM_POLL_INTERVAL: " 2m " }, 120_000],
  ])("reads SCANFORM_POLL_INTERVAL from %j as %s ms", (env, ms) => expect(envValue(env, POLL_INTERVAL_ENV)).toBe(ms));

  it("reads SCANFORM_POLL_MAX_INTERVAL as a duration", () => expect(envValue({ SCANFORM_POLL_MAX_INTERVAL: "15m" }, POLL_MAX_INTERVAL_ENV)).toBe(900_000));

  it("reads SCANFORM_PARALLELISM as a whole number", () => expect(envValue({ SCANFORM_PARALLELISM: "4" }, PARALLELISM_ENV)).toBe(4));

  it.each([
    ["SCANFORM_PARALLELISM", PARALLELISM_ENV, "0", 'SCANFORM_PARALLELISM is "0": expected a whole number of 1 or more (unset it for the default, or pass the flag).'],
    ["SCANFORM_PARALLELISM", PARALLELISM_ENV, "ten", 'SCANFORM_PARALLELISM is "ten": expected a whole number of 1 or more (unset it for the default, or pass the flag).'],
    ["SCANFORM_POLL_INTERVAL", POLL_INTERVAL_ENV, "10", 'SCANFORM_POLL_INTERVAL is "10": expected a duration like 500ms, 30s, 5m or 1h (unset it for the default, or pass the flag).'],
    ["SCANFORM_POLL_INTERVAL", POLL_INTERVAL_ENV, "0s", 'SCANFORM_POLL_INTERVAL is "0s": expected a duration above zero, like 500ms, 10s or 1m (unset it for the default, or pass the flag).'],
    ["SCANFORM_POLL_MAX_INTERVAL", POLL_MAX_INTERVAL_ENV, "0s", 'SCANFORM_POLL_MAX_INTERVAL is "0s": expected a duration above zero, like 500ms, 10s or 1m (unset it for the default, or pass the flag).'],
    ["SCANFORM_POLL_MAX_INTERVAL", POLL_MAX_INTERVAL_ENV, "5", 'SCANFORM_POLL_MAX_INTERVAL is "5": expected a duration like 500ms, 30s, 5m or 1h (unset it for the default, or pass the flag).'],
  ])("refuses %s=%s... with one line naming the variable", (variable, d, value, message) => {
    expect(() => envValue({ [variable]: value }, d)).toThrow(message);
  });
});

describe("envDefaults", () => {
  async function parsed(argv: string[], env: Record<string, string>) {
    const { io } = cliIO({ env });
    let seen: Record<string, unknown> = {};
    const cmd = new Command("apply")
      .exitOverride()
      .addOption(new Option("--parallelism <n>").argParser(PARALLELISM_ENV.parse).default(10))
      .addOption(pollIntervalOption())
      .addOption(pollMaxIntervalOption())
      .hook("preAction", envDefaults(io, [PARALLELISM_ENV, POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV]))
      .hook("preAction", checkPollCeiling)
      .action((opts: Record<string, unknown>) => void (seen = opts));
    await cmd.parseAsync(argv, { from: "user" });
    return seen;
  }

  it("keeps the built-in defaults when no variable is set", async () => {
    expect(await parsed([], {})).toMatchObject({ parallelism: 10, pollInterval: 10_000, pollMaxInterval: 300_000 });
  });

  it("takes the poll ceiling from its flag, or else its variable", async () => {
    expect(await parsed(["--poll-max-interval", "2m"], { SCANFORM_POLL_MAX_INTERVAL: "20m" })).toMatchObject({ pollMaxInterval: 120_000 });
    expect(await parsed([], { SCANFORM_POLL_MAX_INTERVAL: "20m" })).toMatchObject({ pollMaxInterval: 1_200_000 });
  });

  it("raises the default poll ceiling to a longer poll interval, which then never backs off", async () => {
    expect(await parsed(["--poll-interval", "10m"], {})).toMatchObject({ pollInterval: 600_000, pollMaxInterval: 600_000 });
  });

  it("takes a variable's value for a flag not given", async () => {
    expect(await parsed([], { SCANFORM_PARALLELISM: "3", SCANFORM_POLL_INTERVAL: "1s" })).toMatchObject({ parallelism: 3, pollInterval: 1000 });
  });

  it("lets a flag on the command line beat its variable", async () => {
    expect(await parsed(["--parallelism", "7", "--poll-interval", "2s"], { SCANFORM_PARALLELISM: "3", SCANFORM_POLL_INTERVAL: "1s" })).toMatchObject({ parallelism: 7, pollInterval: 2000 });
  });

  it("ignores a bad variable whose flag is given", async () => {
    expect(await parsed(["--parallelism", "7"], { SCANFORM_PARALLELISM: "lots" })).toMatchObject({ parallelism: 7 });
  });
});

describe("a bad variable on the command line", () => {
  it.each([
    [["apply", "--auto-approve"], { SCANFORM_PARALLELISM: "-1" }, 'Error: SCANFORM_PARALLELISM is "-1": expected a whole number of 1 or more (unset it for the default, or pass the flag).\n'],
    [["wait"], { SCANFORM_POLL_INTERVAL: "soon" }, 'Error: SCANFORM_POLL_INTERVAL is "soon": expected a duration like 500ms, 30s, 5m or 1h (unset it for the default, or pass the flag).\n'],
    [["wait"], { SCANFORM_POLL_MAX_INTERVAL: "later" }, 'Error: SCANFORM_POLL_MAX_INTERVAL is "later": expected a duration like 500ms, 30s, 5m or 1h (unset it for the default, or pass the flag).\n'],
    [
      ["wait", "--poll-interval", "1m", "--poll-max-interval", "30s"],
      {},
      "Error: --poll-max-interval 30s is shorter than --poll-interval 1m: the longest pause between polls cannot be shorter than the first\n  Give a --poll-max-interval of at least the --poll-interval (the same value polls at a steady pace).\n",
    ],
    [
      ["apply", "--auto-approve", "--wait", "--poll-interval", "1500ms"],
      { SCANFORM_POLL_MAX_INTERVAL: "1s" },
      "Error: SCANFORM_POLL_MAX_INTERVAL=1s is shorter than --poll-interval 1500ms: the longest pause between polls cannot be shorter than the first\n  Give a --poll-max-interval of at least the --poll-interval (the same value polls at a steady pace).\n",
    ],
  ])("%j stops with one line before anything is opened", async (argv, env, stderr) => {
    const { io, out, err } = cliIO({ env });
    expect(await main(argv, io)).toBe(EXIT.error);
    expect(err()).toBe(stderr);
    expect(out()).toBe("");
  });
});
