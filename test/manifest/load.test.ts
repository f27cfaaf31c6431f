import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDesired, type LoadResult } from "../../src/manifest/index.js";
import type { Desired, DesiredResource } from "../../src/manifest/model.js";
import { digest, type JsonValue } from "../../src/core/json.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-load-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(files: Record<string, string>): Promise<LoadResult> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return loadDesired([], { cwd: dir });
}

async function desired(files: Record<string, string>): Promise<Desired> {
  const result = await load(files);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.desired;
}

const resource = (d: Desired, address: string): DesiredResource => {
  const found = d.resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} not in ${d.resources.map((r) => r.address).join(", ")}`);
  return found;
};

const PERIMETER = `
hexiosec:
  scans:
    perimeter:
      group: Security
      type: continuous_own
      seeds: [Example.COM., "https://shop.example.com/login", 203.0.113.7/24, 198.51.100.20-198.51.100.30]
`;

describe("the examples in scans/", () => {
  it("are valid", async () => {
    const result = await loadDesired(["scans"], { cwd: process.cwd() });
    expect(result.ok ? [] : result.diagnostics).toEqual([]);
  });

  it("declare resources of every vendor", async () => {
    const result = await loadDesired(["scans"], { cwd: process.cwd() });
    const vendors = new Set(result.ok ? result.desired.resources.map((r) => r.vendor) : []);
    expect([...vendors].sort()).toEqual(["cortex", "hexiosec", "qualys"]);
  });
});

describe("Desired", () => {
  it("normalises seeds, sorted", async () => {
    const d = await desired({ "a.yaml": PERIMETER });
    expect(resource(d, "hexiosec.scan.perimeter").spec.seeds).toEqual([
      "198.51.100.20-198.51.100.30",
      "203.0.113.0/24",
      "example.com",
      "shop.example.com",
    ]);
  });

  it("fills defaults: the vendor-side name is the key, flags are off", async () => {
    const d = await desired({ "a.yaml": PERIMETER });
    const r = resource(d, "hexiosec.scan.perimeter");
    expect(r.spec).toMatchObject({ name: "perimeter", enabled: false, dnsNamelist: false, ignoreIpNodes: false });
    expect(r.options).toEqual({ protect: false, adopt: false, ignore: [] });
    expect(r.mode).toBe("managed");
  });

  it("records where each resource is declared", async () => {
    const d = await desired({ "a.yaml": PERIMETER });
    expect(resource(d, "hexiosec.scan.perimeter").source).toEqual({ file: "a.yaml", line: 4, column: 5, path: "hexiosec.scans.perimeter" });
  });

  it("keeps vendor settings as unresolved templates", async () => {
    const d = await desired({ "a.yaml": "vendors:\n  qualys:\n    url: https://qualysapi.qg2.apps.qualys.com\n    password: ${QUALYS_PASSWORD}\n" });
    expect(d.vendors).toEqual({ qualys: { url: "https://qualysapi.qg2.apps.qualys.com", password: "${QUALYS_PASSWORD}" } });
  });

  it("keeps a count written as a YAML number (vendors.qualys.callsPerHour) as setting text", async () => {
    const d = await desired({ "a.yaml": "vendors:\n  qualys:\n    callsPerHour: 300\n" });
    expect(d.vendors).toEqual({ qualys: { callsPerHour: "300" } });
  });

  it("defaults the state backend to local", async () => {
    const d = await desired({ "a.yaml": PERIMETER });
    expect(d.state).toEqual({ backend: "local" });
  });

  it("accepts plain http for a loopback vendor URL (the emulators)", async () => {
    const d = await desired({ "a.yaml": "vendors:\n  hexiosec:\n    url: http://127.0.0.1:8301/api\n" });
    expect(d.vendors["hexiosec"]).toEqual({ url: "http://127.0.0.1:8301/api" });
  });

  it("turns Qualys references into addresses and dependencies", async () => {
    const d = await desired({
      "q.yaml": `
qualys:
  profiles: { std: { name: Initial WAS Options } }
  webApps:
    shop: { url: "https://shop.example.com/", defaultProfile: std }
    api: { url: "https://api.example.com/" }
  schedules:
    nightly: { type: VULNERABILITY, webApps: [shop, api], profile: std, every: { weeks: 2, on: [fri, mon] }, at: "01:00" }
`,
    });
    const schedule = resource(d, "qualys.schedule.nightly");
    expect(schedule.spec).toEqual({
      name: "nightly",
      type: "VULNERABILITY",
      webApps: ["qualys.webApp.api", "qualys.webApp.shop"],
      profile: "qualys.profile.std",
      occurrence: { type: "WEEKLY", everyNWeeks: 2, days: ["mon", "fri"] },
      at: "01:00",
      timezone: "UTC",
      active: true,
    });
    expect(schedule.dependsOn).toEqual(["qualys.profile.std", "qualys.webApp.api", "qualys.webApp.shop"]);
    expect(resource(d, "qualys.profile.std").mode).toBe("data");
  });

  it("resolves references to resources declared in another file", async () => {
    const d = await desired({
      "apps.yaml": 'qualys:\n  webApps:\n    shop: { url: "https://shop.example.com/", defaultProfile: std }\n',
      "profiles.yaml": "qualys:\n  profiles:\n    std: { name: Initial WAS Options }\n",
    });
    expect(resource(d, "qualys.webApp.shop").spec.defaultProfile).toBe("qualys.profile.std");
  });

  it("stores `ignore: [every]` of a schedule under its spec name, occurrence", async () => {
    const d = await desired({
      "q.yaml": `
qualys:
  profiles: { std: {} }
  webApps: { shop: { url: "https://shop.example.com/" } }
  schedules:
    nightly: { type: VULNERABILITY, webApps: [shop], profile: std, every: { days: 1 }, at: "01:00", ignore: [every, active] }
`,
    });
    expect(resource(d, "qualys.schedule.nightly").options.ignore).toEqual(["active", "occurrence"]);
  });

  it("gives a Cortex DAILY schedule every day of the week unless days are named", async () => {
    const d = await desired({
      "c.yaml": `
cortex:
  scans:
    dc:
      template: 1
      scanners: [b, a]
      network: 2
      portList: 3
      targets: [10.0.0.0/8]
      schedule: { cadence: DAILY, at: "03:00", start: 2026-12-01, timezone: europe/london }
      settings: { safeChecks: true, aliveTestMethods: [tcp_syn, icmp] }
      wait: { timeout: 1h30m }
`,
    });
    const r = resource(d, "cortex.scan.dc");
    expect(r.spec.schedule).toMatchObject({ days: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], timezone: "Europe/London" });
    expect(r.spec.scanners).toEqual(["a", "b"]);
    expect(r.spec.settings).toEqual({ safeChecks: true, aliveTestMethods: ["icmp", "tcp_syn"] });
    expect(r.launch).toBe("never");
    expect(r.wait).toEqual({ timeoutMs: 5_400_000 });
  });

  it("lists resources by address", async () => {
    const d = await desired({
      "a.yaml": "hexiosec:\n  scans:\n    zeta: { group: g, type: adhoc, seeds: [a.example] }\n    alpha: { group: g, type: adhoc, seeds: [b.example] }\n",
    });
    expect(d.resources.map((r) => r.address)).toEqual(["hexiosec.scan.alpha", "hexiosec.scan.zeta"]);
  });

  it("reads every document of a multi-document file", async () => {
    const d = await desired({ "a.yaml": `${PERIMETER}---\nqualys:\n  profiles:\n    std: {}\n` });
    expect(d.resources.map((r) => r.address)).toEqual(["hexiosec.scan.perimeter", "qualys.profile.std"]);
  });

  it("accepts anchors, aliases and merge keys, with shared blocks under x- keys", async () => {
    const d = await desired({
      "a.yaml": `
x-defaults:
  base: &base { group: Security, type: adhoc, seeds: &seeds [example.com] }
hexiosec:
  scans:
    copy:
      <<: *base
      seeds: *seeds
      enabled: true
`,
    });
    expect(resource(d, "hexiosec.scan.copy").spec).toMatchObject({ group: "Security", seeds: ["example.com"], enabled: true });
  });

  it("locates a problem in a merged-in value where it is written", async () => {
    const result = await load({
      "a.yaml": "x-common: &c { group: 7 }\nhexiosec:\n  scans:\n    s:\n      <<: *c\n      type: adhoc\n      seeds: [example.com]\n",
    });
    const errors = result.ok ? [] : result.diagnostics.map((d) => `${d.code}@${d.source?.line}:${d.source?.column}`);
    expect(errors).toEqual(["MANIFEST_WRONG_TYPE@1:23"]);
  });

  it("answers `enabled: yes` with true or false, since YAML reads yes as text", async () => {
    const result = await load({ "a.yaml": "hexiosec:\n  scans:\n    s:\n      group: g\n      type: adhoc\n      seeds: [example.com]\n      enabled: yes\n" });
    const found = result.ok ? [] : result.diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, at: `${d.source?.line}:${d.source?.column}` }));
    expect(found).toEqual([
      { code: "MANIFEST_WRONG_TYPE", message: '"enabled" must be true or false, not a string', hint: 'Write true or false (YAML reads "yes" as text, not as true or false).', at: "7:16" },
    ]);
  });

  it("warns where normalising changed what a seed means, at the value, and stays valid", async () => {
    const result = await load({
      "a.yaml": "hexiosec:\n  scans:\n    s:\n      group: g\n      type: adhoc\n      seeds:\n        - Example.COM.\n        - 10.20.0.1/16\n        - https://Example.NET:8443/login\n",
    });
    expect(result.ok).toBe(true);
    const found = result.ok ? result.warnings.map((w) => ({ code: w.code, severity: w.severity, message: w.message, at: `${w.source?.line}:${w.source?.column}` })) : [];
    expect(found).toEqual([
      { code: "MANIFEST_NORMALISED", severity: "warning", message: '"10.20.0.1/16": host bits are set: it is read as the network "10.20.0.0/16", 65,536 addresses, not the one address 10.20.0.1', at: "8:11" },
      { code: "MANIFEST_NORMALISED", severity: "warning", message: '"https://Example.NET:8443/login": the port 8443 and the path "/login" are dropped: the whole host "example.net" is scanned', at: "9:11" },
    ]);
  });

  it("warns where normalising widened a seed written with an exception, at its value", async () => {
    const result = await load({
      "a.yaml":
        'hexiosec:\n  scans:\n    s:\n      group: g\n      type: adhoc\n      seeds:\n        - value: 10.20.0.1/16\n          outOfScope: { reason: "lab, SEC-1", expires: 2099-01-01 }\n',
    });
    const found = result.ok ? result.warnings.map((w) => `${w.code}@${w.source?.line}:${w.source?.column}`) : result.diagnostics.map((d) => d.message);
    expect(found).toEqual(["MANIFEST_NORMALISED@7:18"]);
  });

  it("warns about a seed repeated after normalisation, and stays valid", async () => {
    const result = await load({ "a.yaml": "hexiosec:\n  scans:\n    s:\n      group: g\n      type: adhoc\n      seeds: [example.com, EXAMPLE.com.]\n" });
    expect(result.ok).toBe(true);
    expect(result.ok ? result.warnings.map((w) => `${w.code}@${w.source?.line}:${w.source?.column}`) : []).toEqual(["MANIFEST_DUPLICATE_VALUE@6:28"]);
  });

  it("reads an empty file as an empty configuration", async () => {
    const d = await desired({ "empty.yaml": "# nothing yet\n" });
    expect(d.resources).toEqual([]);
    expect(d.files).toEqual(["empty.yaml"]);
  });
});

describe("the configuration digest", () => {
  it("does not change when the files are reformatted or split", async () => {
    const one = await desired({ "a.yaml": PERIMETER });
    await rm(join(dir, "a.yaml"));
    const flow = await desired({
      "b.yaml": "hexiosec: { scans: { perimeter: { seeds: [example.com, shop.example.com, 203.0.113.0/24, 198.51.100.20-198.51.100.30], type: continuous_own, group: Security } } }\n",
      "c.yaml": "# settings live elsewhere\n",
    });
    expect(flow.digest).toBe(one.digest);
  });

  it("changes when a spec changes", async () => {
    const before = await desired({ "a.yaml": PERIMETER });
    const after = await desired({ "a.yaml": PERIMETER.replace("continuous_own", "adhoc") });
    expect(after.digest).not.toBe(before.digest);
  });

  it("is digest() of the normalised configuration, a resource's options, launch and wait included", async () => {
    const d = await desired({
      "a.yaml": PERIMETER,
      "b.yaml": `cortex:
  scans:
    lab:
      adopt: { id: "4417" }
      protect: true
      ignore: [description]
      name: Lab by hand
      template: 12
      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]
      network: 3
      portList: 1
      targets: [10.50.0.0/24]
      schedule: { cadence: DAILY, at: "03:00", timezone: UTC, start: 2026-12-01 }
`,
    });
    const { source: _where, ...state } = d.state;
    const expected = digest({
      moved: d.moved.map((m) => ({ from: m.from, to: m.to })),
      resources: d.resources.map((r) => ({
        address: r.address,
        mode: r.mode,
        spec: r.spec,
        dependsOn: r.dependsOn,
        options: { protect: r.options.protect, adopt: r.options.adopt, ignore: r.options.ignore, ...(r.options.adoptId === undefined ? {} : { adoptId: r.options.adoptId }) },
        launch: r.launch ?? null,
        wait: r.wait ? { timeoutMs: r.wait.timeoutMs, failOn: r.wait.failOn ? { ...r.wait.failOn } : null } : null,
      })),
      state,
      vendors: d.vendors,
    } as unknown as JsonValue);
    expect(resource(d, "cortex.scan.lab").options).toMatchObject({ adoptId: "4417", protect: true, ignore: ["description"] });
    expect(d.digest).toBe(expected);
  });

  it("stays the digest saved plans hold for the same configuration", async () => {
    expect((await desired({ "a.yaml": PERIMETER })).digest).toBe("sha256:e39431334aef8219b2025eb1152ba8bfe8567bbed595efba496a3a6c5fff83cb");
  });

  it("stays the digest saved plans hold for the examples of every vendor, with their options, launches and waits", async () => {
    const result = await loadDesired(["scans"], { cwd: process.cwd() });
    expect(result.ok && result.desired.digest).toBe("sha256:7b59f8815824f3c882cd1ccef28229e19ffaa93b4280e4015a364578adf661fc");
  });
});

describe("each resource's spec digest, worked out with the configuration's", () => {
  it("is digest() of its spec, for every resource of the examples", async () => {
    const result = await loadDesired(["scans"], { cwd: process.cwd() });
    if (!result.ok) throw new Error("the examples do not load");
    const { resources, specDigests } = result.desired;
    expect(resources.length).toBeGreaterThan(5);
    expect(new Map(resources.map((r) => [r.address, specDigests?.get(r.address)]))).toEqual(new Map(resources.map((r) => [r.address, digest(r.spec)])));
  });
});

describe("vendor URLs", () => {
  it.each([
    ["a user and a password", "https://alice:s3cret-canary@qualys.example.com"],
    ["a user alone", "https://s3cret-canary@qualys.example.com/api"],
    ["credentials from the environment", "https://${QUALYS_USER}:${QUALYS_PASS}@qualys.example.com"],
    ["credentials, even for a loopback emulator", "http://alice:s3cret-canary@127.0.0.1:8443"],
  ])("refuses a vendor URL with %s at validate, without printing them", async (_what, url) => {
    const result = await load({ "settings.yaml": `vendors:\n  qualys:\n    url: ${url}\n` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MANIFEST_BAD_URL"]);
    expect(result.diagnostics[0]!.message).toMatch(/holds credentials/);
    expect(JSON.stringify(result.diagnostics)).not.toMatch(/s3cret-canary|alice|QUALYS_PASS/);
  });

  it("refuses a plain-http URL written with credentials without printing them", async () => {
    const result = await load({ "settings.yaml": "vendors:\n  qualys:\n    url: http://alice:s3cret-canary@qualys.example.com\n" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => d.code)).toContain("MANIFEST_BAD_URL");
    expect(JSON.stringify(result.diagnostics)).not.toContain("s3cret-canary");
  });
});
