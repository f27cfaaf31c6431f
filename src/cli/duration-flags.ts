/**
 * Options that take a duration. They read the manifests' forms (`30s`, `5m`, `1h30m`) and, since a
 * poll can be shorter than a second, milliseconds (`500ms`).
 */
import { InvalidArgumentError, Option } from "commander";
import { durationMs } from "../manifest/values.js";
import { DEFAULT_POLL_INTERVAL_MS } from "./run-deps.js";
import type { EnvDefault } from "./env-defaults.js";

export function parseDuration(value: string): number {
  const ms = /^(\d+)ms$/.exec(value);
  const parsed = ms ? Number(ms[1]) : durationMs(value);
  if (parsed === undefined) throw new InvalidArgumentError("expected a duration like 500ms, 30s, 5m or 1h");
  return parsed;
}

/** `--lock-timeout 30s`: how long a writing command waits for a held lock (default: not at all). */
export const lockTimeoutOption = (): Option =>
  new Option("--lock-timeout <duration>", "wait this long for a state lock held by another run, e.g. 30s, 5m").argParser(parseDuration).default(0, "0s");

/** `--poll-interval 10s`: how long waiting sleeps between two status calls for the runs not yet finished. */
export const pollIntervalOption = (): Option =>
  new Option("--poll-interval <duration>", "ask the vendors how the runs are doing this often, e.g. 500ms, 10s, 1m (or SCANFORM_POLL_INTERVAL)")
    .argParser(parsePollInterval)
    .default(DEFAULT_POLL_INTERVAL_MS, "10s");

export const POLL_INTERVAL_ENV: EnvDefault = { option: "pollInterval", variable: "SCANFORM_POLL_INTERVAL", parse: parsePollInterval };

function parsePollInterval(value: string): number {
  const ms = parseDuration(value);
  // Zero would ask the vendors without pause for as long as the runs take.
  if (ms === 0) throw new InvalidArgumentError("expected a duration above zero, like 500ms, 10s or 1m");
  return ms;
}
