/**
 * Inspection routes for tests, benchmarks and curious users, under a prefix no vendor uses. They
 * bypass controls and faults and are not logged, so looking never changes what is measured.
 *
 *   GET  /__scanform/state     the vendor's state (vendor.dump())
 *   PUT  /__scanform/state     replace it (vendor.load(body))
 *   POST /__scanform/reset     empty state, request log and rate window
 *   GET  /__scanform/log       { total, counts, entries }
 *   DELETE /__scanform/log     clear the request log only
 *   GET  /__scanform/counts    requests by operation
 *   GET  /__scanform/controls  the controls in force
 *   PUT  /__scanform/controls  replace them (latency, throttling, faults) at run time
 */
import type { JsonValue } from "../../core/json.js";
import { parseControls } from "./controls.js";
import type { RequestLog } from "./request-log.js";
import type { EmuRequest, EmuResponse, VendorControls, VendorEmulator } from "./types.js";

export const INSPECT_PREFIX = "/__scanform/";

export interface InspectTarget {
  readonly vendor: VendorEmulator;
  readonly log: RequestLog;
  controls(): VendorControls;
  setControls(controls: VendorControls): void;
  /** Resets everything the server owns besides the vendor (rate window). */
  resetTransport(): void;
}

export const isInspectPath = (path: string): boolean => path.startsWith(INSPECT_PREFIX);

export function inspect(req: EmuRequest, target: InspectTarget): EmuResponse {
  const route = `${req.method} ${req.path.slice(INSPECT_PREFIX.length).replace(/\/$/, "")}`;
  switch (route) {
    case "GET state":
      return json(200, target.vendor.dump());
    case "PUT state":
      return withJsonBody(req, (body) => {
        target.vendor.load(body);
        return { status: 204 };
      });
    case "POST reset":
      target.vendor.reset();
      target.log.clear();
      target.resetTransport();
      return { status: 204 };
    case "GET log":
      return json(200, { total: target.log.count(), counts: target.log.counts(), entries: target.log.entries() } as unknown as JsonValue);
    case "DELETE log":
      target.log.clear();
      return { status: 204 };
    case "GET counts":
      return json(200, target.log.counts());
    case "GET controls":
      return json(200, target.controls() as JsonValue);
    case "PUT controls":
      return withJsonBody(req, (body) => {
        target.setControls(parseControls(body));
        return json(200, target.controls() as JsonValue);
      });
    default:
      return json(404, { error: `no inspection route ${req.method} ${req.path}` });
  }
}

function withJsonBody(req: EmuRequest, apply: (body: JsonValue) => EmuResponse): EmuResponse {
  let body: JsonValue;
  try {
    body = JSON.parse(req.body) as JsonValue;
  } catch {
    return json(400, { error: "the body must be JSON" });
  }
  try {
    return apply(body);
  } catch (e) {
    return json(400, { error: e instanceof Error ? e.message : String(e) });
  }
}

function json(status: number, value: JsonValue): EmuResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}
