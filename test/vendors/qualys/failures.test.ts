import { describe, expect, it } from "vitest";
import { VERSION } from "../../../src/core/version.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { JournalEntry } from "../../../src/state/model.js";
import { createQualysClient } from "../../../src/vendors/qualys/client.js";
import { qualysDriver } from "../../../src/vendors/qualys/driver.js";
import { PROFILE_ID, createChange, deleteChange, desired, failure, profile, seedWebApp, setup, step, webAppSpec } from "./helpers.js";

const createEntry = (name: string): JournalEntry => ({
  id: "j1",
  address: `qualys.webApp.${name}`,
  vendor: "qualys",
  kind: "webApp",
  operation: "create",
  naturalKey: name,
  specDigest: "sha256:x",
  startedAt: "2026-01-01T00:00:00Z",
});

describe("qualys driver: settings and credentials", () => {
  it("refuses missing settings, naming their environment variables", () => {
    const e = (() => {
      try {
        qualysDriver.connect({ username: "u" }, { makeHttp: () => ({ request: async () => ({ status: 200, headers: {}, body: "" }) }), now: () => new Date() });
      } catch (err) {
        return err as { code: string; message: string };
      }
      return undefined;
    })();
    expect(e?.code).toBe("VENDOR_SETTINGS");
    expect(e?.message).toBe("qualys: missing url (QUALYS_URL), password (QUALYS_PASSWORD)");
  });

  it("maps settings to the documented environment variables and marks the password secret", () => {
    expect(qualysDriver.settingsEnv).toEqual({ url: "QUALYS_URL", username: "QUALYS_USERNAME", password: "QUALYS_PASSWORD", callsPerHour: "QUALYS_CALLS_PER_HOUR" });
    expect(qualysDriver.secretSettings).toEqual(["password"]);
  });

  it("answers bad credentials with VENDOR_AUTH and a hint", async () => {
    const probe = await setup();
    const s = await setup({ settings: { url: probe.running.urls.qualys!, username: probe.env.QUALYS_USERNAME!, password: "wrong" } });
    const e = await failure(s.session.observe({ desired: [profile()], state: [] }));
    expect(e.code).toBe("VENDOR_AUTH");
    expect(e.message).toContain("HTTP 401");
    expect(e.hint).toContain("QUALYS_PASSWORD");
  });

  it("answers a user without API access with VENDOR_PERMISSION and a hint", async () => {
    const s = await setup({ emulator: { apiAccess: false } });
    const e = await failure(s.session.observe({ desired: [profile()], state: [] }));
    expect(e.code).toBe("VENDOR_PERMISSION");
    expect(e.message).toContain("UNAUTHORIZED: You are not authorized to access the application through the API.");
    expect(e.hint).toContain("API Access");
  });

  it("sends Basic auth, text/xml and X-Requested-With on every call", async () => {
    const s = await setup();
    const seen: Record<string, string>[] = [];
    const session = qualysDriver.connect(
      { url: s.running.urls.qualys!, username: "u", password: "p" },
      { makeHttp: (o) => ({ request: async (r) => (seen.push({ ...r.headers, ...o.authenticate(r) }), { status: 200, headers: {}, body: "<ServiceResponse><responseCode>SUCCESS</responseCode><count>0</count></ServiceResponse>" }) }), now: () => new Date() },
    );
    await session.observe({ desired: [profile()], state: [] });
    expect(seen[0]).toEqual({ authorization: `Basic ${Buffer.from("u:p").toString("base64")}`, "content-type": "text/xml", "x-requested-with": `scanform/${VERSION}` });
  });
});

describe("qualys driver: vendor refusals", () => {
  it("classifies INVALID_XML as VENDOR_VALIDATION with the vendor's message", async () => {
    const s = await setup();
    const http = createHttpClient({ vendor: "qualys", baseUrl: s.running.urls.qualys!, concurrency: 1, secrets: [], authenticate: () => ({ authorization: `Basic ${Buffer.from(`${s.env.QUALYS_USERNAME}:${s.env.QUALYS_PASSWORD}`).toString("base64")}` }) });
    const client = createQualysClient(http, { version: "0", redact: (x) => x });
    const e = await failure(client.call("create", "webApp", { body: { data: { WebApp: { colour: "red" } } }, idempotent: false, address: "qualys.webApp.x" }));
    await http.close();
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toContain("INVALID_XML: Invalid content was found starting with element 'colour'.");
  });

  it("reports a 5xx that is not a ServiceResponse after the client's retries", async () => {
    const s = await setup({ controls: { faults: { serverError: 1, operations: ["searchOptionProfiles"] } } });
    const e = await failure(s.session.observe({ desired: [profile()], state: [] }));
    expect(e.code).toBe("VENDOR_ERROR");
    expect(e.message).toMatch(/HTTP 5\d\d, the answer was not a Qualys ServiceResponse/);
    expect(s.running.emulators.qualys!.log.counts()["searchOptionProfiles"]).toBeGreaterThan(1);
  });

  it("finishes a read through occasional server errors", async () => {
    const s = await setup();
    for (let i = 0; i < 5; i += 1) await seedWebApp(s, `app-${i}`);
    s.running.emulators.qualys!.setControls({ faults: { serverError: 0.5 } });
    const o = await s.session.observe({ desired: [profile(), ...[0, 1, 2, 3, 4].map((i) => desired("webApp", `app-${i}`, webAppSpec(`app-${i}`, { tags: ["prod", "pci", "staging"] })))], state: [] });
    expect(o.objects).toHaveLength(6);
    expect(s.running.emulators.qualys!.log.entries().some((e) => e.status !== null && e.status >= 500)).toBe(true);
  });

  it("slows down under 409 concurrency throttling and finishes", async () => {
    const s = await setup({ controls: { concurrency: 1, latencyMs: 20 }, emulator: { tags: ["a", "b", "c", "d", "e", "f"] } });
    const tags = ["a", "b", "c", "d", "e", "f"];
    const o = await s.session.observe({ desired: [profile(), desired("webApp", "shop", webAppSpec("shop", { tags }))], state: [] });
    expect(o.diagnostics).toEqual([]);
    const outcomes = s.running.emulators.qualys!.log.entries().map((e) => e.status);
    expect(outcomes).toContain(409);
    expect(s.trace.some((l) => l.includes("409"))).toBe(true);
  });

  it("waits X-RateLimit-ToWait-Sec under 409 rate throttling and finishes", async () => {
    const s = await setup({ controls: { ratePerSecond: 3 }, emulator: { tags: ["a", "b", "c", "d"] } });
    const o = await s.session.observe({ desired: [profile(), desired("webApp", "shop", webAppSpec("shop", { tags: ["a", "b", "c", "d"] }))], state: [] });
    expect(o.diagnostics).toEqual([]);
    expect(s.running.emulators.qualys!.log.entries().some((e) => e.status === 409)).toBe(true);
  });
});

describe("qualys driver: lost answers", () => {
  it("reports a create whose answer was lost as VENDOR_AMBIGUOUS; read-back finds it and nothing is sent twice", async () => {
    const s = await setup({ controls: { faults: { lostAnswer: 1, operations: ["createWebApp"] } } });
    const e = await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop")), step()));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    const back = await s.session.readBack(createEntry("shop"));
    expect(back).toEqual({ outcome: "landed", ids: { id: expect.stringMatching(/^\d+$/) } });
    expect(s.running.emulators.qualys!.log.counts()["createWebApp"]).toBe(1);
  });

  it("reads a web app whose delete answer was lost before any resend, and sends nothing more once it is gone", async () => {
    const s = await setup({ controls: { faults: { lostAnswer: 1, operations: ["deleteWebApp"] } } });
    const id = await seedWebApp(s, "shop");
    await s.session.delete(deleteChange("webApp", "shop", id, webAppSpec("shop")), step());
    expect(s.running.emulators.qualys!.log.counts()).toMatchObject({ deleteWebApp: 1, getWebApp: 1 });
  });

  it("sends a delete that keeps failing with 5xx again only after a read shows the object still there", async () => {
    const s = await setup({ controls: { faults: { serverError: 1, operations: ["deleteWebApp"] } } });
    const id = await seedWebApp(s, "shop");
    const e = await failure(s.session.delete(deleteChange("webApp", "shop", id, webAppSpec("shop")), step()));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(s.running.emulators.qualys!.log.entries().map((x) => x.operation).filter((op) => op === "deleteWebApp" || op === "getWebApp")).toEqual([
      "deleteWebApp",
      "getWebApp",
      "deleteWebApp",
      "getWebApp",
      "deleteWebApp",
    ]);
  });

  it("reads back a create that never landed as absent", async () => {
    const s = await setup({ controls: { faults: { serverError: 1, operations: ["createWebApp"] } } });
    const e = await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop")), step()));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    expect(s.running.emulators.qualys!.log.counts()["createWebApp"]).toBe(1);
    expect(await s.session.readBack(createEntry("shop"))).toEqual({ outcome: "absent" });
  });

  it("reads back as absent a create whose name only an object held for another address carries (a key renamed without moved:)", async () => {
    const s = await setup();
    const old = await seedWebApp(s, "shop");
    expect(await s.session.readBack(createEntry("shop"), undefined, { heldElsewhere: (ids) => ids["id"] === old })).toEqual({ outcome: "absent" });
  });

  it("reads back the create's own object beside one held for another address of the same name", async () => {
    const s = await setup();
    const old = await seedWebApp(s, "shop");
    const made = await seedWebApp(s, "shop");
    expect(await s.session.readBack(createEntry("shop"), undefined, { heldElsewhere: (ids) => ids["id"] === old })).toEqual({ outcome: "landed", ids: { id: made } });
  });

  it("reads back a create as unknowable when several objects carry its name", async () => {
    const s = await setup();
    await seedWebApp(s, "shop");
    await seedWebApp(s, "shop");
    const back = await s.session.readBack(createEntry("shop"));
    expect(back.outcome).toBe("unknowable");
  });

  it("reports a launch whose answer was lost as VENDOR_AMBIGUOUS; read-back finds the run and nothing is sent twice", async () => {
    const s = await setup({ controls: { faults: { lostAnswer: 1, operations: ["launchScan"] } } });
    const shop = await seedWebApp(s, "shop");
    const ctx = step({ "qualys.profile.default": PROFILE_ID, "qualys.webApp.shop": shop });
    const spec = { name: "shop-ci", type: "VULNERABILITY", webApps: ["qualys.webApp.shop"], profile: "qualys.profile.default" };
    const e = await failure(s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec, runKey: "lost-1" }, ctx));
    expect(e.code).toBe("VENDOR_AMBIGUOUS");
    const back = await s.session.readBack({ ...createEntry("x"), kind: "scan", address: "qualys.scan.shop-ci", operation: "launch", naturalKey: "lost-1" });
    expect(back).toMatchObject({ outcome: "landed", runId: expect.stringMatching(/^\d+$/) });
    expect(s.running.emulators.qualys!.log.counts()["launchScan"]).toBe(1);
  });
});

describe("qualys driver: no credential in any error", () => {
  it("never shows the username, password or Basic token in errors, hints, details or the trace", async () => {
    const username = "canary-user-7f3a";
    const password = "canary-pass-Zx91&<";
    const s = await setup({ emulator: { username, password }, controls: { faults: { lostAnswer: 1, operations: ["createWebApp"] } } });
    const wrong = await setup({ settings: { url: s.running.urls.qualys!, username, password: "canary-wrong-Qq77" } });
    const errors = [
      await failure(wrong.session.observe({ desired: [profile()], state: [] })),
      await failure(s.session.create(createChange("webApp", "shop", webAppSpec("shop")), step())),
      await failure(s.session.create(createChange("webApp", "bad", webAppSpec("bad", { tags: ["nope"] })), step())),
      await failure(s.session.status({ address: "qualys.scan.x", kind: "scan", ids: {}, runId: "12" })),
    ];
    const text = JSON.stringify([errors.map((e) => ({ m: e.message, h: e.hint, d: e.detail, s: String(e.stack) })), s.trace, wrong.trace]);
    const forms = [password, "canary-wrong-Qq77", username, Buffer.from(`${username}:${password}`).toString("base64"), Buffer.from(`${username}:canary-wrong-Qq77`).toString("base64")];
    for (const f of forms) expect(text).not.toContain(f);
    expect(errors.map((e) => e.code)).toEqual(["VENDOR_AUTH", "VENDOR_AMBIGUOUS", "VENDOR_VALIDATION", "VENDOR_NOT_FOUND"]);
  });
});
