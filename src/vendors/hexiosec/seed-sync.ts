/**
 * Adding and removing seeds, one call per seed (sheet §3: "called for each seed"), concurrently
 * under the client's cap. An add whose answer is lost, or that is refused, is settled by listing
 * the seeds: a seed that is there is done (never sent twice); a lost add that did not land is sent
 * once more, as DESIGN.md allows for a non-idempotent call after a read-back.
 */
import { isScanformError, ScanformError } from "../../core/errors.js";
import type { HexiosecClient, CallOptions } from "./client.js";
import type { SeedWire } from "./api.js";
import { seedBody, seedChanges, seedValue } from "./seeds.js";

export async function addSeeds(client: HexiosecClient, scanId: string, values: readonly string[], o: CallOptions): Promise<void> {
  await settleAll(values.map((v) => () => addSeed(client, scanId, v, o)), `add ${values.length === 1 ? "a seed" : "seeds"}`, o);
}

/** Makes the scan's seeds the manifest's: removes tagged seeds no longer listed, adds the missing ones. */
export async function syncSeeds(client: HexiosecClient, scanId: string, wanted: readonly string[], o: CallOptions): Promise<void> {
  const present = await client.listSeeds(scanId, o);
  const { add, remove } = seedChanges(wanted, present);
  await settleAll(remove.map((s) => () => client.removeSeed(scanId, s.id, o).then(() => undefined)), "remove seeds", o);
  await addSeeds(client, scanId, add, o);
}

async function addSeed(client: HexiosecClient, scanId: string, value: string, o: CallOptions): Promise<void> {
  const body = seedBody(value);
  try {
    await client.addSeed(scanId, body, o);
    return;
  } catch (e) {
    const settle = isScanformError(e) && (e.code === "VENDOR_AMBIGUOUS" || e.code === "VENDOR_VALIDATION");
    if (!settle) throw e;
    // A 400 may be the vendor's duplicate answer (sheet §5): a seed already there is what was wanted.
    if (has(await client.listSeeds(scanId, o), value)) return;
    if (e.code === "VENDOR_VALIDATION") throw e;
  }
  await client.addSeed(scanId, body, o);
}

const has = (seeds: readonly SeedWire[], value: string): boolean => seeds.some((s) => seedValue(s) === value);

/** Distinct reasons a message names, and failures the detail holds, at most: a scan of thousands of seeds can fail each. */
const REASONS_SHOWN = 3;
const FAILURES_KEPT = 20;

/** Runs every task; one failure is rethrown as is, several are reported together, each reason once with its count. */
async function settleAll(tasks: readonly (() => Promise<void>)[], what: string, o: CallOptions): Promise<void> {
  const results = await Promise.allSettled(tasks.map((t) => t()));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (failures.length === 0) return;
  const first = failures[0];
  if (failures.length === 1 || !isScanformError(first)) throw first;
  const reasons = new Map<string, number>();
  for (const f of failures) {
    const message = f instanceof Error ? f.message : String(f);
    reasons.set(message, (reasons.get(message) ?? 0) + 1);
  }
  const shown = [...reasons].slice(0, REASONS_SHOWN).map(([message, n]) => `${n} × ${message}`);
  const others = reasons.size - shown.length;
  const kept = failures.slice(0, FAILURES_KEPT);
  throw new ScanformError(first.code, `hexiosec: ${failures.length} of ${tasks.length} calls to ${what}${o.address === undefined ? "" : ` for ${o.address}`} failed: ${shown.join("; ")}${others > 0 ? `; and ${others} other reasons` : ""}`, {
    ...(first.hint === undefined ? {} : { hint: first.hint }),
    detail: {
      vendor: "hexiosec",
      ...(o.address === undefined ? {} : { address: o.address }),
      failures: kept.map((f) => (isScanformError(f) ? { code: f.code, ...f.detail } : { message: String(f) })),
      ...(failures.length > kept.length ? { failuresLeftOut: failures.length - kept.length } : {}),
    },
    cause: first,
  });
}
