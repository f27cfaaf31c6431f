/**
 * The Qualys WAS emulator (QPS REST 3.0, XML): Basic auth, the ServiceRequest/ServiceResponse
 * envelopes, XSD-like element checks and the objects scanform uses, as vendors/qualys.md and its
 * "scanform's decisions" section describe them. The framework in ../core adds latency, throttling
 * and faults around `handle`.
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuRequest, EmuResponse, VendorEmulator, VendorEmulatorContext } from "../core/types.js";
import { createCallBudget } from "./budget.js";
import { seedCatalog } from "./catalog.js";
import { QpsError, failure, success, type Envelope } from "./envelope.js";
import { resolveOptions, type QualysEmulatorOptions, type Tenant } from "./options.js";
import { PORTAL_VERSION_PATH, matchRoute, type Route } from "./routes.js";
import { emptyStore, type Store } from "./store.js";
import { throttledAnswer } from "./throttle.js";
import { validateRoot } from "./validate.js";
import { XmlSyntaxError, parseXml, type XNode } from "./xml-in.js";
import { el, text } from "./xml-out.js";

export type { QualysEmulatorOptions } from "./options.js";

const PORTAL_XSD = "portal/version";
/** Route actions that change nothing (routes.ts): their answers may be built while the latency runs. */
const READ_ACTIONS = new Set(["search", "count", "get", "status", "download"]);

export function createQualysEmulator(ctx: VendorEmulatorContext, options: QualysEmulatorOptions = {}): VendorEmulator {
  const resolved = resolveOptions(options);
  const fresh = (): Store => {
    const store = emptyStore();
    seedCatalog(store, { options: resolved, clock: ctx.clock });
    return store;
  };
  const tenant: Tenant = { store: fresh(), options: resolved, clock: ctx.clock, random: ctx.random, user: { id: 17_729_931, username: resolved.username } };
  const expectedAuth = `Basic ${Buffer.from(`${resolved.username}:${resolved.password}`).toString("base64")}`;

  const envelopeFor = (req: EmuRequest, xsd: string): Envelope => ({ xsd, host: `http://${req.headers.host ?? "127.0.0.1"}` });
  const budget = resolved.callBudget === undefined ? undefined : createCallBudget(resolved.callBudget, ctx.clock);

  function handle(req: EmuRequest): EmuResponse {
    if (budget === undefined) return answer(req);
    const { admitted, headers } = budget.take();
    if (!admitted) return overBudget(envelopeFor(req, matchRoute(req.path)?.route.object ?? PORTAL_XSD), headers);
    const res = answer(req);
    return { ...res, headers: { ...res.headers, ...headers } };
  }

  function answer(req: EmuRequest): EmuResponse {
    if (PORTAL_VERSION_PATH.test(req.path)) return portalVersion(req);
    const matched = matchRoute(req.path);
    if (matched === undefined) return { status: 404, headers: { "content-type": "text/html" }, body: "<html><body><h1>404 Not Found</h1></body></html>" };
    const { route } = matched;
    const env = envelopeFor(req, route.object);
    // §1.3/§4: wrong Basic credentials are a 401.
    if (req.headers.authorization !== expectedAuth) {
      return failure(env, new QpsError("INVALID_CREDENTIALS", "Authentication failed", "Verify both, user and password credentials."), 401, { "www-authenticate": 'Basic realm="Qualys"' });
    }
    if (!route.methods.includes(req.method as "GET" | "POST")) {
      return { status: 405, headers: { allow: route.methods.join(", "), "content-type": "text/html" }, body: "<html><body><h1>405 Method Not Allowed</h1></body></html>" };
    }
    // §1.2 (qapi): a POST without an XML content type is refused as 415.
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (req.method === "POST" && contentType !== "text/xml" && contentType !== "application/xml") {
      return { status: 415, headers: { "content-type": "text/html" }, body: "<html><body><h1>415 Unsupported Media Type</h1></body></html>" };
    }
    try {
      if (!resolved.apiAccess) throw new QpsError("UNAUTHORIZED", "You are not authorized to access the application through the API.", "Ask your Qualys administrator for API access and the WAS module.");
      const id = matched.id === undefined ? undefined : parseId(matched.id);
      return route.run(tenant, env, id, readBody(route, req.body));
    } catch (e) {
      if (e instanceof QpsError) return failure(env, e);
      throw e;
    }
  }

  function portalVersion(req: EmuRequest): EmuResponse {
    const env = envelopeFor(req, PORTAL_XSD);
    // §4: this endpoint answers bad credentials with HTTP 200 and INVALID_CREDENTIALS (recorded).
    if (req.headers.authorization !== expectedAuth) return failure(env, new QpsError("INVALID_CREDENTIALS", "Authentication failed", "Verify both, user and password credentials."));
    if (req.method !== "GET") return { status: 405, headers: { allow: "GET" }, body: "" };
    return success(env, { items: [el("Portal-Version", text("PortalApplicationVersion", "3.0"), text("WAS-VERSION", "emulated"))] });
  }

  return {
    vendor: "qualys",
    credentials: { QUALYS_USERNAME: resolved.username, QUALYS_PASSWORD: resolved.password },
    operation: (req) => (PORTAL_VERSION_PATH.test(req.path) ? "portalVersion" : matchRoute(req.path)?.route.operation),
    handle,
    readOnly: (req) => PORTAL_VERSION_PATH.test(req.path) || READ_ACTIONS.has(matchRoute(req.path)?.route.action ?? ""),
    throttled: throttledAnswer,
    serverError: (status) => ({ status, headers: { "content-type": "text/html" }, body: `<html><body><h1>${status} Server Error</h1></body></html>` }),
    dump: () => structuredClone(tenant.store) as unknown as JsonValue,
    load(state) {
      tenant.store = structuredClone(state) as unknown as Store;
    },
    reset() {
      tenant.store = fresh();
    },
  };
}

/** §5: the FO API's refusal of a call over the budget, carried out never. */
function overBudget(env: Envelope, headers: Readonly<Record<string, string>>): EmuResponse {
  const wait = headers["x-ratelimit-towait-sec"] ?? "1";
  return failure(env, new QpsError("LIMIT_EXCEEDED", "API call budget exceeded.", `Retry after ${wait} seconds.`), 409, headers);
}

function parseId(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new QpsError("INVALID_REQUEST", `Invalid id in the URL: ${raw}`, "Specify the id as Long.");
  return Number(raw);
}

function readBody(route: Route, body: string): XNode | undefined {
  if (route.request === undefined || body.trim() === "") return undefined;
  let root: XNode;
  try {
    root = parseXml(body);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new QpsError("INVALID_XML", e.message, "Send a well-formed XML document.");
    throw e;
  }
  validateRoot(root, route.request);
  return root;
}
