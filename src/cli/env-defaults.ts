/**
 * Defaults from the environment for the flags a CI job sets once for every step
 * (SCANFORM_PARALLELISM, SCANFORM_POLL_INTERVAL, SCANFORM_POLL_MAX_INTERVAL). A flag beats its variable;
 * a variable beats the built-in default. A bad value stops the command with one line that names
 * the variable, since nothing on the command line shows where it came from.
 */
import { InvalidArgumentError, type Command } from "commander";
import { badVariable } from "../core/errors.js";
import type { CliIO } from "./io.js";

export interface EnvDefault {
  /** The option's attribute name, e.g. `pollInterval` for `--poll-interval`. */
  readonly option: string;
  readonly variable: string;
  /** The option's own parser, so a variable means exactly what the flag means. */
  readonly parse: (value: string) => unknown;
}

/** The variable's value parsed, or undefined when it is unset or empty. */
export function envValue(env: CliIO["env"], d: EnvDefault): unknown {
  const raw = env[d.variable];
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return d.parse(raw.trim());
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    throw badVariable(d.variable, raw, `${e.message.replace(/\.$/, "")} (unset it for the default, or pass the flag)`);
  }
}

/** A preAction hook: options the command line left at their default take their variable's value. */
export function envDefaults(io: CliIO, defaults: readonly EnvDefault[]): (hooked: Command, action: Command) => void {
  return (_hooked, action) => {
    for (const d of defaults) {
      if (action.getOptionValueSource(d.option) !== "default") continue;
      const value = envValue(io.env, d);
      if (value !== undefined) action.setOptionValueWithSource(d.option, value, "env");
    }
  };
}
