/**
 * Raw HTTP access to the Qualys emulator for its tests: undici and a plain XML parser, no driver
 * code, so the emulator is checked against the vendor sheet alone.
 */
import { XMLParser } from "fast-xml-parser";
import { request } from "undici";
import { afterEach } from "vitest";
import { createManualClock, startEmulators, type ManualClock, type RunningEmulators } from "../../../src/emulators/index.js";
import type { QualysEmulatorOptions } from "../../../src/emulators/qualys/index.js";

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The ServiceResponse element, parsed; undefined when the body is not one. */
  readonly xml: Xml | undefined;
}

// A parsed XML tree is untyped by nature; tests read it as the sheet describes it.
export type Xml = any;

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, processEntities: true, htmlEntities: false });

export interface Emu {
  readonly clock: ManualClock;
  readonly running: RunningEmulators;
  readonly auth: string;
  call(method: string, path: string, body?: string, options?: { auth?: string | null; contentType?: string | null }): Promise<Answer>;
  /** POST with `text/xml` and the right credentials. */
  post(path: string, body?: string): Promise<Answer>;
  get(path: string): Promise<Answer>;
}

const started: RunningEmulators[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

export async function startQualys(options: QualysEmulatorOptions = {}): Promise<Emu> {
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const running = await startEmulators({ vendors: ["qualys"], clock, vendorOptions: { qualys: { ...options } } });
  started.push(running);
  const base = running.urls.qualys!;
  const auth = `Basic ${Buffer.from(`${running.env.QUALYS_USERNAME}:${running.env.QUALYS_PASSWORD}`).toString("base64")}`;
  const call: Emu["call"] = async (method, path, body, opts = {}) => {
    const headers: Record<string, string> = {};
    const a = opts.auth === undefined ? auth : opts.auth;
    if (a !== null) headers.authorization = a;
    const ct = opts.contentType === undefined ? "text/xml" : opts.contentType;
    if (ct !== null && method === "POST") headers["content-type"] = ct;
    const res = await request(`${base}${path}`, { method: method as "GET" | "POST", headers, ...(body === undefined ? {} : { body }) });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(", ") : String(v);
    let xml: Xml | undefined;
    try {
      xml = (parser.parse(text) as Xml).ServiceResponse;
    } catch {
      xml = undefined;
    }
    return { status: res.statusCode, headers: flat, body: text, xml };
  };
  return { clock, running, auth, call, post: (path, body) => call("POST", path, body), get: (path) => call("GET", path) };
}

/** A parsed element that may hold one item or several, as an array. */
export const items = (x: Xml | undefined): Xml[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export const req = (inner: string): string => `<ServiceRequest>${inner}</ServiceRequest>`;
export const data = (inner: string): string => req(`<data>${inner}</data>`);
export const criteria = (field: string, operator: string, value: string): string => `<Criteria field="${field}" operator="${operator}">${value}</Criteria>`;
export const filters = (...c: string[]): string => `<filters>${c.join("")}</filters>`;

/** Creates a web app and returns its id. */
export async function createWebApp(emu: Emu, name: string, url = `https://${name}.example.com`, extra = ""): Promise<number> {
  const a = await emu.post("/qps/rest/3.0/create/was/webapp", data(`<WebApp><name><![CDATA[${name}]]></name><url><![CDATA[${url}]]></url>${extra}</WebApp>`));
  if (a.xml?.responseCode !== "SUCCESS") throw new Error(`create failed: ${a.body}`);
  return Number(a.xml.data.WebApp.id);
}

export const PROFILE_ID = 1021;
