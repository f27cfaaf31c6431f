/**
 * The flags plan and apply share for the plan they make: --target, --refresh=false (or
 * --no-refresh) and --detailed-exitcode, declared once so both read and document them alike.
 */
import { InvalidArgumentError, type Command } from "commander";
import { parseAddress } from "../core/address.js";

export interface RawPlanningFlags {
  target?: string[];
  refresh: boolean;
  detailedExitcode?: boolean;
}

export function addPlanningFlags(command: Command, what: { readonly exit2: string }): Command {
  return command
    // No default given to commander, which would print `(default: [])`; absent means every address.
    .option("--target <address>", "plan only this address and what it needs (repeatable)", collectAddress)
    .option("--refresh <bool>", "read the vendors (--refresh=false compares with state only)", parseBool, true)
    .option("--no-refresh", "the same as --refresh=false")
    .option("--detailed-exitcode", `exit 2 when ${what.exit2}, 0 when there were none`);
}

function collectAddress(value: string, previous: string[] = []): string[] {
  if (!parseAddress(value)) throw new InvalidArgumentError("expected an address like qualys.webApp.shop");
  return [...previous, value];
}

function parseBool(value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InvalidArgumentError("expected true or false");
}
