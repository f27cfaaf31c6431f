/**
 * Hostile answers: a loopback server in front of the emulators answers one kind of call with what
 * a broken vendor, proxy or WAF could send. scanform must end with exit 1 and a clear error, in
 * bounded time and memory, with no vendor write after it and its state as it was.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E, type Vendor } from "../e2e/harness.js";
import { expectBounded, expectCleanRefusal } from "./bounded.js";
import { runScanform } from "./child.js";
import { fromRun, report } from "./figures.js";
import { startHostileServer, send, stream, type Hijack, type HostileServer, type Received } from "./hostile-server.js";
import { freeLock } from "./person.js";
import { logMark, writesSince } from "./vendor-log.js";

/** One workspace per vendor, each applied once, so a case's run can write only at the vendor it is about. */
const workspaces = new Map<Vendor, E2E>();
const EXTRA: Readonly<Record<Vendor, readonly [string[], Record<string, unknown>]>> = {
  hexiosec: [["hexiosec", "scans", "extra"], { name: "E2E extra", group: "Security", type: "adhoc", seeds: ["extra.example.com"] }],
  qualys: [["qualys", "webApps", "extra"], { name: "E2E extra", url: "https://extra.example.com/" }],
  cortex: [
    ["cortex", "scans", "lab-extra"],
    { name: "E2E lab extra", template: 12, scanners: ["0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84"], network: 3, portList: 1, targets: ["10.42.0.0/24"], schedule: { cadence: "DAILY", at: "05:00", timezone: "UTC", start: "2026-12-01" } },
  ],
};
beforeAll(async () => {
  for (const vendor of ["hexiosec", "qualys", "cortex"] as const) {
    const e2e = await startE2E({ files: ["settings.yaml", `${vendor}.yaml`] });
    workspaces.set(vendor, e2e);
    const first = await e2e.run("apply", "--auto-approve");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // One create pending, so a run that went on after a hostile answer would write.
    const [path, value] = EXTRA[vendor];
    await e2e.edit(`${vendor}.yaml`, (doc) => doc.setIn(path, doc.createNode(value)));
  }
}, 60_000);
afterAll(async () => {
  for (const e2e of workspaces.values()) await e2e.close();
});

const MB = 1024 * 1024;
const isListScans = (r: Received) => r.method === "GET" && /\/scans(\?|$)/.test(r.url);
const isSearchWebApps = (r: Received) => r.url.includes("/search/was/webapp");
const isCortexCreate = (r: Received) => r.url.endsWith("/scan/definition");
const isCortexStatus = (r: Received) => r.method === "GET" && r.url.includes("/scan/run");

const hexiosecJunk = (status: number): Hijack => (_r, res) => stream(res, status, { "content-type": "application/json" }, "[", `{"id":"00000000-0000-0000-0000-000000000000","name":"junk","type":"adhoc"},`, 40 * MB, "{}]");
const webApp = (id: number, name = `junk-${id}`) =>
  `<WebApp><id>${id}</id><name>${name}</name><url><![CDATA[https://junk-${id}.example.com/]]></url><owner><id>1</id></owner><tags><count>0</count></tags><createdDate>2026-01-01T00:00:00Z</createdDate><updatedDate>2026-01-01T00:00:00Z</updatedDate></WebApp>`;
const qualysPage = (body: string, more: boolean, lastId: number, doctype = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>${doctype}<ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>${more}</hasMoreRecords>${more ? `<lastId>${lastId}</lastId>` : ""}<data>${body}</data></ServiceResponse>`;
const xml = (res: ServerResponse, body: string) => send(res, { status: 200, headers: { "content-type": "application/xml" }, body });

/** Answers every request with 1 byte a second for as long as the client listens. */
const dribble: Hijack = (_r, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  const timer = setInterval(() => res.write("["), 1000);
  res.on("close", () => clearInterval(timer));
};

let endlessId = 500_000;

/** The first real page of web apps, kept and sent for every later page, always with "more to come". */
let firstPage: string | undefined;
const samePageForever: Hijack = async (_r, res, forward) => {
  firstPage ??= (await forward()).body;
  const lastId = [...firstPage.matchAll(/<WebApp><id>(\d+)<\/id>/g)].at(-1)?.[1] ?? "1";
  xml(res, firstPage.replace("<hasMoreRecords>false</hasMoreRecords>", `<hasMoreRecords>true</hasMoreRecords><lastId>${lastId}</lastId>`));
};

interface HostileCase {
  readonly tried: string;
  readonly vendor: Vendor;
  readonly argv: readonly string[];
  readonly hijack: (r: Received) => Hijack | undefined;
  /** What the error must name, beyond being clear. */
  readonly says?: RegExp;
  /** Values that must not appear in anything scanform printed, from what the server was sent. */
  readonly mustNotPrint?: (received: readonly Received[]) => string[];
  /** Limits set small for the case (docs/http.md), so it is telling at a size the suite can afford. */
  readonly env?: Readonly<Record<string, string>>;
  /** A word scanform is documented to take in its stride: exit 0, bounded, no crash. Refused (exit 1) otherwise. */
  readonly tolerated?: true;
}

const APPLY = ["apply", "--auto-approve"] as const;
const authValues = (received: readonly Received[]): string[] =>
  received.flatMap((r) => Object.entries(r.headers).filter(([k]) => k === "authorization" || k.startsWith("x-xdr-")).map(([, v]) => v));

const CASES: readonly HostileCase[] = [
  { tried: "a 40 MB answer to a list call (8 MiB cap)", vendor: "hexiosec", env: { SCANFORM_HTTP_MAX_BODY_BYTES: String(8 * MB) }, argv: APPLY, hijack: (r) => (isListScans(r) ? hexiosecJunk(200) : undefined), says: /large|size|bytes|MB/i },
  { tried: "a 503 carrying 40 MB, on every retry (8 MiB cap)", vendor: "hexiosec", env: { SCANFORM_HTTP_MAX_BODY_BYTES: String(8 * MB) }, argv: APPLY, hijack: (r) => (isListScans(r) ? hexiosecJunk(503) : undefined), says: /large|size|bytes|MB/i },
  {
    tried: "20 MB of `&#65;` character references in a Qualys XML answer (8 MiB cap)",
    vendor: "qualys",
    env: { SCANFORM_HTTP_MAX_BODY_BYTES: String(8 * MB) }, 
    argv: APPLY,
    hijack: (r) => (isSearchWebApps(r) ? (_r, res) => stream(res, 200, { "content-type": "application/xml" }, `<?xml version="1.0"?><ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>false</hasMoreRecords><data><WebApp><id>1</id><name>`, "&#65;".repeat(4096), 20 * MB, "</name></WebApp></data></ServiceResponse>") : undefined),
    says: /large|size|bytes|MB/i,
  },
  {
    tried: "8 MB of `&#65;` character references in a Qualys XML answer, under its 32 MiB cap",
    vendor: "qualys",
    argv: APPLY,
    hijack: (r) => (isSearchWebApps(r) ? (_r, res) => stream(res, 200, { "content-type": "application/xml" }, `<?xml version="1.0"?><ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>false</hasMoreRecords><data><WebApp><id>1</id><name>`, "&#65;".repeat(4096), 8 * MB, "</name></WebApp></data></ServiceResponse>") : undefined),
    says: /more than 200,000 character or entity references/,
  },
  { tried: "a body dribbled at 1 byte/s (5 s deadline)", vendor: "hexiosec", env: { SCANFORM_HTTP_DEADLINE_SECONDS: "5" }, argv: APPLY, hijack: (r) => (isListScans(r) ? dribble : undefined) },
  { tried: "response headers never sent (5 s deadline)", vendor: "hexiosec", env: { SCANFORM_HTTP_DEADLINE_SECONDS: "5" }, argv: APPLY, hijack: (r) => (isListScans(r) ? () => undefined : undefined) },
  {
    tried: "429 with `Retry-After: 86400`",
    vendor: "hexiosec",
    argv: APPLY,
    hijack: (r) => (isListScans(r) ? (_r, res) => send(res, { status: 429, headers: { "retry-after": "86400", "content-type": "application/json" }, body: "{}" }) : undefined),
    says: /86400/,
  },
  {
    tried: "endless Qualys pages (`hasMoreRecords` forever, ids advancing; 20-page cap)",
    vendor: "qualys",
    env: { SCANFORM_HTTP_MAX_PAGES: "20" }, 
    argv: APPLY,
    hijack: (r) =>
      isSearchWebApps(r)
        ? (_r, res) => {
            const ids = Array.from({ length: 100 }, () => (endlessId += 1));
            xml(res, qualysPage(ids.map((id) => webApp(id)).join(""), true, endlessId));
          }
        : undefined,
    says: /page/i,
  },
  {
    tried: "endless Qualys pages, the real first page again and again (`hasMoreRecords` true, same ids)",
    vendor: "qualys",
    argv: APPLY,
    hijack: (r) => (isSearchWebApps(r) ? samePageForever : undefined),
    says: /page/i,
  },
  {
    tried: "a Cortex error echoing the request's headers (nonce, timestamp, hash), text output",
    vendor: "cortex",
    argv: APPLY,
    hijack: (r) => (isCortexCreate(r) ? (req, res) => send(res, { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ reply: { err_code: 400, err_msg: `bad request; you sent ${JSON.stringify(req.headers)}` } }) }) : undefined),
    mustNotPrint: authValues,
  },
  {
    tried: "a Cortex error echoing the request's headers, `--json` output",
    vendor: "cortex",
    argv: [...APPLY, "--json"],
    hijack: (r) => (isCortexCreate(r) ? (req, res) => send(res, { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ reply: { err_code: 400, err_msg: `bad request; you sent ${JSON.stringify(req.headers)}` } }) }) : undefined),
    mustNotPrint: authValues,
  },
  {
    tried: "XXE: an external entity naming /etc/passwd in a Qualys answer",
    vendor: "qualys",
    argv: APPLY,
    hijack: (r) => (isSearchWebApps(r) ? (_r, res) => xml(res, qualysPage(webApp(9, "&xxe;"), false, 9, `<!DOCTYPE ServiceResponse [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`)) : undefined),
    mustNotPrint: () => ["root:x:0:0"],
  },
  {
    // docs: a DOCTYPE is skipped and entities stay as written, so the name reads `E2E store&l9;`.
    tried: "an entity bomb (billion laughs) in the DOCTYPE of the real Qualys answer (`plan`: never expanded)",
    vendor: "qualys",
    argv: ["plan"],
    hijack: (r) =>
      isSearchWebApps(r)
        ? async (_r, res, forward) => {
            const real = await forward();
            const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
            const doctype = `<!DOCTYPE ServiceResponse [<!ENTITY l0 "lol">${levels}]>`;
            send(res, { ...real, body: real.body.replace("?>", `?>${doctype}`).replace(/<name><!\[CDATA\[([^\]]*)\]\]><\/name>/, "<name>$1&l9;</name>") });
          }
        : undefined,
    mustNotPrint: () => ["lollol"],
    tolerated: true,
  },
  { tried: "a redirect to another loopback server", vendor: "hexiosec", argv: APPLY, hijack: (r) => (isListScans(r) ? (_r, res) => send(res, { status: 302, headers: { location: `${elsewhere.origin}/api/scans` }, body: "" }) : undefined) },
  {
    tried: "`__proto__` as a Cortex run status (`scanform status`: shown as the vendor wrote it)",
    vendor: "cortex",
    argv: ["status"],
    hijack: (r) => (isCortexStatus(r) ? async (_r, res, forward) => send(res, { ...(await forward()), body: JSON.stringify({ DATA: "Scan is in __proto__ state" }) }) : undefined),
    tolerated: true,
  },
  {
    tried: "`constructor` as a Cortex run status (`scanform status --json`: shown as the vendor wrote it)",
    vendor: "cortex",
    argv: ["status", "--json"],
    hijack: (r) => (isCortexStatus(r) ? async (_r, res, forward) => send(res, { ...(await forward()), body: JSON.stringify({ DATA: "Scan is in constructor state" }) }) : undefined),
    tolerated: true,
  },
  {
    tried: "`constructor` as a Hexiosec iteration state and `__proto__` keys in its scans (`scanform status`)",
    vendor: "hexiosec",
    argv: ["status"],
    hijack: (r) =>
      r.method === "GET" && r.url.includes("/scans")
        ? async (_r, res, forward) => {
            const real = await forward();
            send(res, { ...real, body: real.body.replace(/"state":"[a-z_]+"/g, '"state":"constructor"').replace(/"type":"([a-z_]+)"/g, '"type":"$1","__proto__":{"polluted":"yes"}') });
          }
        : undefined,
    tolerated: true,
  },
];

/** Where the redirect points: it must never be asked anything. */
let elsewhere: HostileServer;
beforeAll(async () => {
  elsewhere = await startHostileServer(undefined, () => undefined);
});
afterAll(async () => {
  await elsewhere.close();
});

const stateNow = async (e2e: E2E) => {
  const s = await e2e.state();
  return { resources: s?.resources, journal: s?.journal };
};

describe("a hostile answer", () => {
  for (const c of CASES) {
    it(`ends cleanly and bounded, with no vendor write after it and state unchanged: ${c.tried}`, async (context) => {
      const e2e = workspaces.get(c.vendor);
      const emulator = e2e?.emulators.emulators[c.vendor];
      if (!e2e || !emulator) throw new Error(`no ${c.vendor} workspace`);
      const server = await startHostileServer(emulator.origin, c.hijack);
      const before = await stateNow(e2e);
      const mark = logMark(e2e.emulators);
      const urlVar = `${c.vendor.toUpperCase()}_URL`;
      const env = { ...e2e.env, ...c.env, [urlVar]: (e2e.env[urlVar] ?? "").replace(emulator.origin, server.origin) };
      const run = await runScanform(c.argv, { cwd: e2e.dir, env, deadlineMs: 30_000 });
      await server.close();
      await freeLock(e2e);
      const writes = writesSince(e2e.emulators, mark);
      report(context, fromRun("Hostile answers", c.tried, run, { "hostile answers sent": server.hijacked(), "vendor writes after": writes.length }));

      expect(server.hijacked(), `the hostile answer was never asked for; scanform said:\n${run.stdout}${run.stderr}`.slice(0, 3000)).toBeGreaterThan(0);
      if (c.tolerated) {
        expectBounded(run);
        expect(run.code, run.stdout + run.stderr).toBe(0);
      } else {
        expectCleanRefusal(run);
      }
      if (c.says) expect(run.stdout + run.stderr).toMatch(c.says);
      const printed = run.stdout + run.stderr;
      for (const value of c.mustNotPrint?.(server.received) ?? []) expect(printed.includes(value), `printed ${value.slice(0, 12)}…`).toBe(false);
      expect(elsewhere.received, "requests that followed a redirect").toEqual([]);
      expect(writes, "vendor writes after the hostile answer").toEqual([]);
      expect(await stateNow(e2e)).toEqual(before);
    });
  }
});
