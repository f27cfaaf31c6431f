import { describe, expect, it } from "vitest";
import { createDefinition, launch, NETSCAN, startCortex, type CortexHarness } from "./helpers.js";

const timing = { pendingMs: 100, runDurationMs: 1000 };
const status = async (h: CortexHarness, runId: number): Promise<string> => (await h.call("GET", `${NETSCAN}/scan/run/${runId}?fields=status`)).json.DATA;
const command = (h: CortexHarness, runId: number, type: string) => h.call("POST", `${NETSCAN}/scan/run/${runId}/command`, { body: { request_data: { type } } });

describe("cortex emulator: launch a run (vendors/cortex.md §1.2)", () => {
  it("launches with request_data and gives the run id only inside the DATA text", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const res = await h.call("POST", `${NETSCAN}/scan/run`, { body: { request_data: { definition_id: def } } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(["DATA"]);
    expect(res.json.DATA).toMatch(/^Scan launched successfully with run ID: \d+$/);
  });

  it("gives a run an id distinct from its definition's", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    expect(await launch(h, def)).not.toBe(def);
  });

  it("launches by definition id in the path, with definition_id still in the body", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const res = await h.call("POST", `${NETSCAN}/scan/run/${def}`, { body: { request_data: { definition_id: def, target: "10.0.0.0/24" } } });
    expect(res.status).toBe(200);
    expect((h.server.vendor.dump() as any).runs[0]).toMatchObject({ definitionId: def, target: "10.0.0.0/24" });
  });

  it("answers 422 when the path and body name different definitions", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const res = await h.call("POST", `${NETSCAN}/scan/run/${def}`, { body: { request_data: { definition_id: def + 1 } } });
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra[0].field).toBe("request_data.definition_id");
  });

  it("answers 404 Not found for an unknown definition", async () => {
    const h = await startCortex();
    const res = await h.call("POST", `${NETSCAN}/scan/run`, { body: { request_data: { definition_id: 9 } } });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ err_msg: "Not found" });
  });

  it("refuses a flat launch body: run takes request_data", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const res = await h.call("POST", `${NETSCAN}/scan/run`, { body: { definition_id: def } });
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([
      { field: "request_data", message: "Field required" },
      { field: "definition_id", message: "Extra inputs are not permitted" },
    ]);
  });

  it("refuses a target given as a list: the override is one string", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const res = await h.call("POST", `${NETSCAN}/scan/run`, { body: { request_data: { definition_id: def, target: ["10.0.0.1"] } } });
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([{ field: "request_data.target", message: "Input should be a valid string" }]);
  });
});

describe("cortex emulator: run status (vendors/cortex.md §1.3)", () => {
  it("answers the sheet's literal text for a running scan", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    h.clock.advance(100);
    const res = await h.call("GET", `${NETSCAN}/scan/run/${run}?fields=status`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ DATA: "Scan is in Running state" });
  });

  it("moves a run Pending → Running → Completed on the emulator clock", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    const seen = [await status(h, run)];
    h.clock.advance(100);
    seen.push(await status(h, run));
    h.clock.advance(1000);
    seen.push(await status(h, run));
    expect(seen).toEqual(["Scan is in Pending state", "Scan is in Running state", "Scan is in Completed state"]);
  });

  it("ends runs in Failed when told to", async () => {
    const h = await startCortex({ ...timing, runOutcome: "Failed" });
    const run = await launch(h, await createDefinition(h));
    h.clock.advance(1100);
    expect(await status(h, run)).toBe("Scan is in Failed state");
  });

  it("answers the query form GET /scan/run?id=…&fields=status the same way", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    const res = await h.call("GET", `${NETSCAN}/scan/run?id=${run}&fields=status`);
    expect(res.json).toEqual({ DATA: "Scan is in Pending state" });
  });

  it("answers 404 Run ID not found for an unknown run", async () => {
    const h = await startCortex();
    const res = await h.call("GET", `${NETSCAN}/scan/run/123456?fields=status`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ err_msg: "Run ID not found" });
  });

  it("answers 422 when fields is missing", async () => {
    const h = await startCortex();
    const res = await h.call("GET", `${NETSCAN}/scan/run/1`);
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([{ field: "fields", message: "Field required" }]);
  });

  it("answers 422 for a field other than status", async () => {
    const h = await startCortex();
    const res = await h.call("GET", `${NETSCAN}/scan/run/1?fields=status&fields=progress`);
    expect(res.json.metadata.err_extra).toEqual([{ field: "fields.1", message: "Input should be 'status'" }]);
  });

  it("answers 422 for a run id that is not a number", async () => {
    const h = await startCortex();
    const res = await h.call("GET", `${NETSCAN}/scan/run?id=abc&fields=status`);
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([{ field: "id", message: "Input should be a valid integer" }]);
  });
});

describe("cortex emulator: pause, resume, abort (vendors/cortex.md §1.4)", () => {
  it("pauses a running scan and holds its progress while paused", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    h.clock.advance(500);
    const res = await command(h, run, "PAUSE");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ DATA: "Scan paused successfully" });
    h.clock.advance(10_000);
    expect(await status(h, run)).toBe("Scan is in Paused state");
  });

  it("resumes a paused scan where it stopped", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    h.clock.advance(500);
    await command(h, run, "PAUSE");
    h.clock.advance(10_000);
    expect((await command(h, run, "RESUME")).json).toEqual({ DATA: "Scan resumed successfully" });
    h.clock.advance(599);
    expect(await status(h, run)).toBe("Scan is in Running state");
    h.clock.advance(1);
    expect(await status(h, run)).toBe("Scan is in Completed state");
  });

  it("aborts a scan for good", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    expect((await command(h, run, "ABORT")).json).toEqual({ DATA: "Scan aborted successfully" });
    h.clock.advance(5000);
    expect(await status(h, run)).toBe("Scan is in Aborted state");
  });

  it.each([
    ["RESUME a running scan", "RESUME", 100],
    ["PAUSE a completed scan", "PAUSE", 1100],
    ["ABORT a completed scan", "ABORT", 1100],
  ])("answers 404 to %s", async (_, type, elapsed) => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    h.clock.advance(elapsed);
    const res = await command(h, run, type);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ err_msg: "Run ID not found or command cannot be performed" });
  });

  it("answers 404 to a command for an unknown run", async () => {
    const h = await startCortex();
    expect((await command(h, 99999, "ABORT")).status).toBe(404);
  });

  it("answers 422 for an unknown command type", async () => {
    const h = await startCortex(timing);
    const run = await launch(h, await createDefinition(h));
    const res = await command(h, run, "STOP");
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([{ field: "request_data.type", message: "Input should be 'ABORT', 'PAUSE' or 'RESUME'" }]);
  });
});
