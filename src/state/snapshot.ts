/**
 * Pure edits of a snapshot. Each returns a new snapshot and leaves its input alone; persisting it
 * (and bumping the serial) is the writer's job.
 */
import { randomUUID } from "node:crypto";
import type { Address } from "../core/address.js";
import { parseAddress } from "../core/address.js";
import { ownEntry } from "../core/own.js";
import { addressNotFound, addressTaken, journalOpenAt, moveChangesKind, notAnAddress } from "./errors.js";
import { renameReferences } from "./rename-references.js";
import { STATE_FORMAT_VERSION, type StateEntry, type StateSnapshot, type StateVersion } from "./model.js";

/** A state never written: a new lineage and serial 0. The first write makes it serial 1. */
export function emptySnapshot(lineage: string = randomUUID()): StateSnapshot {
  return { version: STATE_FORMAT_VERSION, lineage, serial: 0, resources: {}, journal: [] };
}

export const versionOf = (s: StateSnapshot): StateVersion => ({ lineage: s.lineage, serial: s.serial });

/** Addresses in the state, sorted. */
export const addresses = (s: StateSnapshot): Address[] => Object.keys(s.resources).sort();

export function entryAt(s: StateSnapshot, address: Address, where: string): StateEntry {
  // The address is a word from a person: only an entry state holds, never one Object's prototype lends.
  const entry = ownEntry(s.resources, address);
  if (!entry) throw addressNotFound(where, address);
  return entry;
}

/**
 * An address with an open journal entry had a call made for it that may have landed; settling it
 * writes what landed at that address. Forgotten, the object would be adopted again; with another
 * object moved in, that object's ids would be overwritten.
 */
function refuseOpenEntries(s: StateSnapshot, address: Address, doing: string): void {
  const open = s.journal.filter((e) => e.address === address);
  if (open.length > 0) throw journalOpenAt(address, doing, open);
}

/** Forgets an address: the vendor object is left alone and is no longer scanform's. */
export function removeEntry(s: StateSnapshot, address: Address, where: string): StateSnapshot {
  entryAt(s, address, where);
  refuseOpenEntries(s, address, `forget ${address}`);
  const { [address]: _removed, ...rest } = s.resources;
  return { ...s, resources: rest };
}

/**
 * Renames an address in place, keeping its vendor ids, so the next plan sees no delete + create;
 * the specs that refer to it are renamed too (rename-references.ts).
 * Only the name may change: a vendor or kind cannot, because the ids would mean nothing there.
 */
export function moveEntry(s: StateSnapshot, from: Address, to: Address, where: string): StateSnapshot {
  const entry = entryAt(s, from, where);
  const target = parseAddress(to);
  if (!target) throw notAnAddress(to);
  if (target.vendor !== entry.vendor || target.kind !== entry.kind) throw moveChangesKind(from, to, entry.vendor, entry.kind);
  if (ownEntry(s.resources, to)) throw addressTaken(from, to);
  refuseOpenEntries(s, to, `move ${from} to ${to}`);
  const { [from]: _moved, ...rest } = s.resources;
  const resources = Object.fromEntries(Object.entries(rest).map(([a, e]) => [a, renameReferences(e, from, to)]));
  // An open journal entry follows its address, so the next run settles it under the new name.
  const journal = s.journal.map((e) => (e.address === from ? { ...e, address: to } : e));
  return { ...s, resources: { ...resources, [to]: renameReferences({ ...entry, address: to }, from, to) }, journal };
}
