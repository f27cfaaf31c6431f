/**
 * `scanform state list | show ADDR | rm ADDR | mv FROM TO | journal [resolve ID] [paths]`: read and edit what scanform
 * has recorded, without contacting any vendor. The state is the one the manifests name (their
 * `state` block), found the same way plan and apply find it. Writers take the lock; a held lock
 * exits with EXIT.locked and says who holds it.
 */
import { stringify } from "yaml";
import { stateListJson, stateShowJson } from "../render/state-list-json.js";
import { addressNotFound } from "../state/errors.js";
import type { StateEntry } from "../state/model.js";
import { addresses, entryAt, moveEntry, removeEntry } from "../state/snapshot.js";
import { updateState } from "../state/update.js";
import type { RegisterCommand } from "./commands.js";
import { registerStateJournal } from "./state-journal.js";
import { lockTimeoutOption } from "./duration-flags.js";
import { locked, pathsArgument, withState } from "./with-state.js";

/** An entry as `state show` prints it: the fields people look for first, the spec last. */
export function showEntry(entry: StateEntry, format: "yaml" | "json"): string {
  if (format === "json") return stateShowJson(entry);
  const shown = {
    address: entry.address,
    ids: entry.ids,
    origin: entry.origin,
    protect: entry.protect,
    lastRun: entry.lastRun ?? "none",
    updatedAt: entry.updatedAt,
    digest: entry.digest,
    spec: entry.spec,
  };
  return stringify(shown, { lineWidth: 0 });
}

export const registerState: RegisterCommand = (program, io, setExit) => {
  const state = program.command("state").description("Inspect and edit what scanform has recorded about the objects it manages.");

  state
    .command("list")
    .description("List the addresses in the state, one per line.")
    .argument(...pathsArgument)
    .option("--json", "print them as JSON (schemas/state-list.schema.json)")
    .action(async (paths: string[], flags: { json?: boolean }) => {
      setExit(await withState(paths, io, async (backend) => {
        const snapshot = await backend.read();
        if (flags.json) io.stdout.write(stateListJson(snapshot));
        else if (snapshot) io.stdout.write(addresses(snapshot).map((a) => `${a}\n`).join(""));
      }));
    });

  state
    .command("show")
    .description("Show what the state records for one address: vendor ids, origin, protect, last run, spec.")
    .argument("<address>", "e.g. qualys.webApp.shop")
    .argument(...pathsArgument)
    .option("--json", "print it as JSON (schemas/state-show.schema.json)")
    .action(async (address: string, paths: string[], flags: { json?: boolean }) => {
      setExit(await withState(paths, io, async (backend) => {
        const snapshot = await backend.read();
        if (!snapshot) throw addressNotFound(backend.describe, address);
        io.stdout.write(showEntry(entryAt(snapshot, address, backend.describe), flags.json ? "json" : "yaml"));
      }));
    });

  state
    .command("rm")
    .description("Forget an address: the object at the vendor is left as it is and is no longer managed.")
    .argument("<address>", "e.g. qualys.webApp.shop")
    .argument(...pathsArgument)
    .addOption(lockTimeoutOption())
    .action(async (address: string, paths: string[], flags: { lockTimeout: number }) => {
      setExit(await withState(paths, io, (backend) =>
        locked(backend, io, "state rm", flags.lockTimeout, async () => {
          let ids: StateEntry["ids"] = {};
          await updateState(backend, (s) => {
            ids = entryAt(s, address, backend.describe).ids;
            return removeEntry(s, address, backend.describe);
          });
          const idText = Object.entries(ids).map(([k, v]) => `${k} ${v}`).join(", ");
          io.stdout.write(`Removed ${address}${idText ? ` (${idText})` : ""} from the state. The object at the vendor was not touched; scanform no longer manages it.\n`);
        })));
    });

  state
    .command("mv")
    .description("Rename an address in the state, keeping its vendor ids, so the next plan shows no delete + create.")
    .argument("<from>", "the address the state holds now")
    .argument("<to>", "its new address (same vendor and kind)")
    .argument(...pathsArgument)
    .addOption(lockTimeoutOption())
    .action(async (from: string, to: string, paths: string[], flags: { lockTimeout: number }) => {
      setExit(await withState(paths, io, (backend) =>
        locked(backend, io, "state mv", flags.lockTimeout, async () => {
          await updateState(backend, (s) => moveEntry(s, from, to, backend.describe));
          io.stdout.write(`Moved ${from} to ${to}.\n`);
        })));
    });

  registerStateJournal(state, io, setExit);
};
