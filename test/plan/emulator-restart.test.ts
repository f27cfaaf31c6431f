/** State that outlived an emulator: the plan says the state is an earlier emulator run's, and how to start over. */
import { describe, expect, it } from "vitest";
import type { VendorConnection } from "../../src/ops/workspace.js";
import { onLoopback } from "../../src/ops/workspace.js";
import { printDiagnostics } from "../../src/render/diagnostics.js";
import { PLAIN } from "../../src/render/color.js";
import { entry, observations, resource, runDiff, snapshot } from "./fakes.js";

const scan = { group: "Security", type: "adhoc", seeds: ["example.com"] };
const names = ["s1", "s2", "s10"];
const everything = {
  resources: names.map((n) => resource(`hexiosec.scan.${n}`, scan)),
  state: snapshot(names.map((n) => entry(`hexiosec.scan.${n}`, scan))),
  observations: observations([]),
};

describe("plan: state whose objects an emulator restart forgot", () => {
  it("says the state belongs to an earlier emulator run and how to start over", async () => {
    const r = runDiff({ ...everything, emulated: new Set(["hexiosec"]) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_MASS_VANISH"]);
    let printed = "";
    printDiagnostics({ write: (s: string) => void (printed += s) }, r.diagnostics, PLAIN);
    await expect(printed).toMatchFileSnapshot("__golden__/emulator-restart.txt");
  });

  it("keeps the partial-answer warning for a vendor not on loopback", () => {
    const r = runDiff(everything);
    expect(r.diagnostics[0]?.message).toContain("a partial answer or a key of another tenant");
    expect(r.diagnostics[0]?.message).not.toContain("emulator");
  });
});

describe("onLoopback", () => {
  const ws = (url?: string) => ({ connect: () => ({ ...(url === undefined ? {} : { url }) }) as unknown as VendorConnection });
  it.each([
    ["http://127.0.0.1:18001/api", true],
    ["http://localhost:9000", true],
    ["http://[::1]:9000", true],
    ["https://api.vendor.example", false],
    [undefined, false],
    ["not a url", false],
  ])("%s -> %s", (url, loopback) => expect(onLoopback(ws(url))("v")).toBe(loopback));
});
