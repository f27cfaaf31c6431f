/**
 * Errors about vendor settings, raised before any vendor is called, never show a value the
 * environment holds for a `${VAR}` the manifests reference, nor any vendor's secret: a pull request
 * that writes `callsPerHour: ${GITHUB_TOKEN}` must not get the token printed into its plan comment.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { main } from "../../src/cli/main.js";
import { cliIO } from "../apply/workspace-fake.js";

const CANARY = "CANARY-s3cr3t-token-0123456789";
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "scanform-settings-secrets-"));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

async function plan(vendors: string, env: Record<string, string>): Promise<{ code: number; text: string }> {
  const scans = {
    qualys: "qualys:\n  webApps:\n    shop: { url: https://shop.example.com }\n",
    cortex: "cortex:\n  scans:\n    lab: { template: 12, scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84], network: 3, portList: 1, targets: [10.0.0.0/24], schedule: { cadence: DAILY, at: \"03:00\", timezone: UTC, start: 2026-12-01 } }\n",
    hexiosec: "hexiosec:\n  scans:\n    edge: { group: Security, type: adhoc, seeds: [example.com] }\n",
  };
  const vendor = /^\s{2}(\w+):/m.exec(vendors)![1] as keyof typeof scans;
  await writeFile(join(cwd, "settings.yaml"), `vendors:\n${vendors}state:\n  backend: local\n`);
  await writeFile(join(cwd, "scans.yaml"), scans[vendor]);
  const { io, out, err } = cliIO({ cwd, env });
  const code = await main(["plan"], io);
  return { code, text: out() + err() };
}

describe("settings errors and the environment's secrets", () => {
  it("does not show the value a ${VAR} gave a setting that is not a secret", async () => {
    const r = await plan("  qualys:\n    url: https://qualys.example.com\n    username: u\n    password: ${QUALYS_PASSWORD}\n    callsPerHour: ${QUALYS_RATE}\n", { QUALYS_PASSWORD: "p4ssw0rd-long-enough", QUALYS_RATE: CANARY });
    expect(r.code).toBe(EXIT.error);
    expect(r.text).toContain("callsPerHour");
    expect(r.text).not.toContain(CANARY);
  });

  it("does not show a vendor's key given by mistake to another of its settings", async () => {
    const r = await plan("  cortex:\n    url: https://api-x.xdr.example.com\n    keyId: \"7\"\n    key: ${CORTEX_API_KEY}\n", { CORTEX_API_KEY: CANARY, CORTEX_API_KEY_TYPE: CANARY });
    expect(r.code).toBe(EXIT.error);
    expect(r.text).toContain("keyType");
    expect(r.text).not.toContain(CANARY);
  });

  it("does not show a ${VAR}'s value inside a URL it refuses", async () => {
    const r = await plan("  hexiosec:\n    url: http://${TENANT}.example.com/api\n    apiKey: ${HEXIOSEC_API_KEY}\n", { TENANT: CANARY.toLowerCase(), HEXIOSEC_API_KEY: "k3y-long-enough-0001" });
    expect(r.code).toBe(EXIT.error);
    expect(r.text).toContain("plain http");
    expect(r.text.toLowerCase()).not.toContain(CANARY.toLowerCase());
  });
});

describe("a secret pasted with whitespace around it", () => {
  it("is sent and masked as the vendor reads it, trimmed", async () => {
    const { vendorSettings } = await import("../../src/ops/open-workspace.js");
    const { hexiosecDriver } = await import("../../src/vendors/hexiosec/driver.js");
    const desired = { vendors: { hexiosec: { apiKey: "${HEXIOSEC_API_KEY}" } } } as unknown as Parameters<typeof vendorSettings>[1];
    expect(vendorSettings(hexiosecDriver, desired, { HEXIOSEC_API_KEY: ` ${CANARY}\n` })["apiKey"]).toBe(CANARY);
  });
});
