/**
 * Options that take a duration. They read the manifests' forms (`30s`, `5m`, `1h30m`) and, since a
 * poll can be shorter than a second, milliseconds (`500ms`).
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { formatDuration } from "../apply/duration.js";
import { DEFAULT_POLL_MAX_INTERVAL_MS } from "../apply/wait.js";
import { ScanformError } from "../core/errors.js";
import { durationMs, MAX_DURATION_MS, MAX_DURATION_TEXT } from "../manifest/values.js";
import { DEFAULT_POLL_INTERVAL_MS } from "./run-deps.js";
import type { EnvDefault } from "./env-defaults.js";

export function parseDuration(value: string): number {
  const ms = /^(\d+)ms$/.exec(value);
  const parsed = ms ? Number(ms[1]) : durationMs(value);
  if (parsed === undefined) throw new InvalidArgumentError("expected a duration like 500ms, 30s, 5m or 1h");
  if (parsed > MAX_DURATION_MS) throw new InvalidArgumentError(`expected a duration of at most ${MAX_DURATION_TEXT} (about 24 days)`);
  return parsed;
}

/** `--lock-timeout 30s`: how long a writing command waits for a held lock (default: not at all). */
export const lockTimeoutOption = (): Option =>
  new Option("--lock-timeout <duration>", "wait this long for a state lock held by another run, e.g. 30s, 5m").argParser(parseDuration).default(0, "0s");

/** `--poll-interval 10s`: how long waiting first sleeps between two polls, and again after any run changed. */
export const pollIntervalOption = (): Option =>
  new Option("--poll-interval <duration>", "ask the vendors how the runs are doing this often at first and after any change, e.g. 500ms, 10s, 1m (or SCANFORM_POLL_INTERVAL)")
    .argParser(parsePollInterval)
    .default(DEFAULT_POLL_INTERVAL_MS, "10s");

export const POLL_INTERVAL_ENV: EnvDefault = { option: "pollInterval", variable: "SCANFORM_POLL_INTERVAL", parse: parsePollInterval };

function parsePollInterval(value: string): number {
  const ms = parseDuration(value);
  // Zero would ask the vendors without pause for as long as the runs take.
  if (ms === 0) throw new InvalidArgumentError("expected a duration above zero, like 500ms, 10s or 1m");
  return ms;
}

/**
 * `--poll-max-interval 5m`: the longest pause between two polls. Waiting starts at --poll-interval
 * and pauses half as long again after each poll where no run changed, up to this; a change goes
 * back to --poll-interval.
 */
export const pollMaxIntervalOption = (): Option =>
  new Option("--poll-max-interval <duration>", "the longest pause between two asks while no run changes; each pause is 1.5× the last up to it (or SCANFORM_POLL_MAX_INTERVAL)")
    .argParser(parsePollInterval)
    .default(DEFAULT_POLL_MAX_INTERVAL_MS, shown(DEFAULT_POLL_MAX_INTERVAL_MS));

export const POLL_MAX_INTERVAL_ENV: EnvDefault = { option: "pollMaxInterval", variable: "SCANFORM_POLL_MAX_INTERVAL", parse: parsePollInterval };

/**
 * A preAction hook, after the variables are read: a ceiling someone set below the poll interval is
 * a contradiction and stops the command, naming where each value came from; the default ceiling
 * simply gives way to a longer interval (no back-off).
 */
export function checkPollCeiling(_hooked: Command, action: Command): void {
  const interval = action.getOptionValue("pollInterval") as number;
  const ceiling = action.getOptionValue("pollMaxInterval") as number;
  if (ceiling >= interval) return;
  if (action.getOptionValueSource("pollMaxInterval") === "default") {
    action.setOptionValueWithSource("pollMaxInterval", interval, "default");
    return;
  }
  const named = (option: string, flag: string, variable: string, ms: number): string =>
    action.getOptionValueSource(option) === "env" ? `${variable}=${shown(ms)}` : `${flag} ${shown(ms)}`;
  throw new ScanformError(
    "CLI_BAD_FLAGS",
    `${named("pollMaxInterval", "--poll-max-interval", "SCANFORM_POLL_MAX_INTERVAL", ceiling)} is shorter than ${named("pollInterval", "--poll-interval", "SCANFORM_POLL_INTERVAL", interval)}: the longest pause between polls cannot be shorter than the first`,
    { hint: "Give a --poll-max-interval of at least the --poll-interval (the same value polls at a steady pace)." },
  );
}

const shown = (ms: number): string => (ms < 1000 || ms % 1000 !== 0 ? `${ms}ms` : formatDuration(ms).replace(/m00s$/, "m").replace(/h00m$/, "h"));
