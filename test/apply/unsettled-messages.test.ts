/**
 * What a person reads when a Cortex create or launch cannot be settled by scanform: one instruction
 * that works (the resolve command with its exact words) and what they can actually look for in the
 * Cortex console (the definition's name, its id, a time window), never a key Cortex never receives.
 */
import { describe, expect, it } from "vitest";
import { settleJournal } from "../../src/apply/journal/settle.js";
import { printDiagnostics } from "../../src/render/diagnostics.js";
import type { JournalEntry } from "../../src/state/model.js";
import type { CortexClient } from "../../src/vendors/cortex/client.js";
import { createCortexSession } from "../../src/vendors/cortex/session.js";
import { recordingState, snapshotOf, stateEntry } from "./fakes.js";

/** Read-back of a Cortex entry never calls the API: there is no call that could answer it. */
const unreachable = new Proxy({} as CortexClient, {
  get: () => () => {
    throw new Error("read-back called the Cortex API");
  },
});

const entry = (operation: JournalEntry["operation"]): JournalEntry => ({
  id: "5c1e0a4e-2b7d-4f61-9a0c-3d2f8e6b1a90",
  address: "cortex.scan.dc-weekly",
  vendor: "cortex",
  kind: "scan",
  operation,
  naturalKey: operation === "create" ? "DC weekly" : "0b7d3f2e-run-key",
  specDigest: "sha256:x",
  startedAt: "2026-11-24T09:00:00.000Z",
});

async function printed(e: JournalEntry): Promise<string> {
  const held = e.operation === "launch" ? [stateEntry("cortex.scan.dc-weekly", { ids: { definitionId: "4711" } })] : [];
  const state = recordingState(snapshotOf(held, [e]));
  const result = await settleJournal([e], () => createCortexSession(unreachable), state, { dryRun: true });
  let text = "";
  printDiagnostics({ write: (s: string) => (text += s) }, result.diagnostics);
  return text;
}

describe("messages for a Cortex call scanform cannot settle", () => {
  it("for a create: the definition's name and a time window to look for, and the one resolve command that records it", async () => {
    const text = await printed(entry("create"));
    expect(text).not.toMatch(/delete it/i);
    await expect(text).toMatchFileSnapshot("__golden__/unsettled-cortex-create.txt");
  });

  it("for a launch: runs of the recorded definition in a time window, never the run key Cortex never received", async () => {
    const text = await printed(entry("launch"));
    expect(text).not.toContain("0b7d3f2e-run-key");
    await expect(text).toMatchFileSnapshot("__golden__/unsettled-cortex-launch.txt");
  });
});
