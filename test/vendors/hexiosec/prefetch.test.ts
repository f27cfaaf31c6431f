import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HexiosecClient } from "../../../src/vendors/hexiosec/client.js";
import { prefetchLists } from "../../../src/vendors/hexiosec/prefetch.js";
import { desired, scanSpec, SECURITY, startRig, stateEntry, type Rig } from "./harness.js";

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(() => rig.close());

/** A client whose lists never answer, keeping the signal each was sent with. */
function hanging(): { client: HexiosecClient; signals: (AbortSignal | undefined)[] } {
  const signals: (AbortSignal | undefined)[] = [];
  const list = (o?: { readonly signal?: AbortSignal }) => (signals.push(o?.signal), new Promise<never>(() => undefined));
  return { client: { listGroups: list, listScans: list } as unknown as HexiosecClient, signals };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("hexiosec: lists started ahead of observe", () => {
  it("are the lists observe makes, taken over so each is sent once", async () => {
    const scan = await rig.raw("POST", "/v1/scans", { name: "corp-perimeter", scan_group_id: SECURITY, type: "continuous_own" });
    rig.session.prefetch!([desired("corp-perimeter", scanSpec())]);
    // Polled, not slept on: a loaded machine may take longer than any fixed wait to send them.
    await expect.poll(() => rig.operations().sort()).toEqual(["listScanGroups", "listScans"]);
    const obs = await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [stateEntry("corp-perimeter", scan.id as string, scanSpec())] });
    expect(obs.objects).toEqual([expect.objectContaining({ match: "state", ids: { id: scan.id } })]);
    expect(rig.operations().sort()).toEqual(["listScanGroups", "listScans", "listSeeds"]);
  });

  it("serve one observe only: the next observe lists again", async () => {
    rig.session.prefetch!([desired("corp-perimeter", scanSpec())]);
    await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] });
    await rig.session.observe({ desired: [desired("corp-perimeter", scanSpec())], state: [] });
    expect(rig.operations().filter((o) => o === "listScans")).toHaveLength(2);
  });

  it("are not started for manifests without a Hexiosec scan", async () => {
    rig.session.prefetch!([]);
    await settled();
    expect(rig.operations()).toEqual([]);
  });

  it("are cancelled when the plan gives them up before observe takes them", () => {
    const { client, signals } = hanging();
    const plan = new AbortController();
    prefetchLists(client, plan.signal);
    plan.abort();
    expect(signals.map((s) => s?.aborted)).toEqual([true, true]);
  });

  it("are cancelled with the observe that took them", () => {
    const { client, signals } = hanging();
    const lists = prefetchLists(client, undefined);
    const read = new AbortController();
    lists.take(read.signal);
    expect(signals.map((s) => s?.aborted)).toEqual([false, false]);
    read.abort();
    expect(signals.map((s) => s?.aborted)).toEqual([true, true]);
  });

  it("are handed over once", () => {
    const lists = prefetchLists(hanging().client, undefined);
    expect(lists.take(new AbortController().signal)).toBeDefined();
    expect(lists.take(new AbortController().signal)).toBeUndefined();
  });
});
