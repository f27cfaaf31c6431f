/**
 * Typed Hexiosec calls over the shared HTTP client: one method per operation of api.ts. Reads and
 * idempotent writes may be retried by the HTTP layer; creates and seed adds never are (a lost
 * answer surfaces as VENDOR_AMBIGUOUS for the caller to settle by reading back).
 */
import type { Address } from "../../core/address.js";
import { createRedactor, type Redactor } from "../../http/redact.js";
import type { HttpClient, HttpMethod, HttpRequest } from "../../http/types.js";
import {
  EXPAND,
  METHOD_NOT_ALLOWED,
  PATHS,
  UPDATE_FALLBACK_METHOD,
  UPDATE_METHOD,
  type AddSeedBody,
  type CreatedScanWire,
  type CreateScanBody,
  type ScanGroupWire,
  type ScanWire,
  type SeedWire,
  type UpdateScanBody,
} from "./api.js";
import { decodeCreatedScan, decodeGroups, decodeScan, decodeScans, decodeSeeds, keyRefusedIn, parseJson, UnexpectedAnswer } from "./decode.js";
import { answerError, keyRefused, shapeError, transportFailure, type CallInfo } from "./errors.js";

/** Per call: the address it acts for (named in errors) and the step's cancellation. */
export interface CallOptions {
  readonly address?: Address;
  readonly signal?: AbortSignal;
}

export interface HexiosecClient {
  /** Masks the key out of vendor text quoted after it is decoded (quoteMasked). */
  readonly redact: Redactor;
  /** `GET /auth`: resolves when the key is valid; a refused key (401, or `authenticated: false`) throws VENDOR_AUTH. */
  verifyKey(o?: CallOptions): Promise<void>;
  listGroups(o?: CallOptions): Promise<ScanGroupWire[]>;
  listScans(o?: CallOptions): Promise<ScanWire[]>;
  getScan(id: string, o?: CallOptions & { readonly withIteration?: boolean }): Promise<ScanWire>;
  /** Resolves false when the scan does not exist (404). */
  scanExists(id: string, o?: CallOptions): Promise<boolean>;
  /** Resolves the new scan's id, all a create's answer is read for (api.ts, CreatedScanWire). */
  createScan(body: CreateScanBody, o?: CallOptions): Promise<CreatedScanWire>;
  updateScan(id: string, body: UpdateScanBody, o?: CallOptions): Promise<void>;
  /** Resolves false when the scan was already gone (404). */
  deleteScan(id: string, o?: CallOptions): Promise<boolean>;
  listSeeds(scanId: string, o?: CallOptions): Promise<SeedWire[]>;
  /** Resolves on any 2xx: the answer is not read (api.ts, AddSeedBody). */
  addSeed(scanId: string, body: AddSeedBody, o?: CallOptions): Promise<void>;
  /** Resolves false when the seed was already gone (404). */
  removeSeed(scanId: string, seedId: string, o?: CallOptions): Promise<boolean>;
}

interface Spec<T> {
  readonly operation: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly idempotent: boolean;
  readonly query?: HttpRequest["query"];
  readonly body?: unknown;
  /** Reads the 2xx body; absent: the body is ignored. */
  readonly decode?: (v: unknown) => T;
  /** Statuses that are an answer, not an error (404 on delete: already gone). */
  readonly accept?: readonly number[];
  /** A 2xx body that still refuses the key (the key check's `authenticated: false`). */
  readonly refusesKey?: (body: string) => boolean;
}

export function createHexiosecClient(http: HttpClient, secrets: readonly string[]): HexiosecClient {
  const redact = createRedactor(secrets);
  async function call<T>(spec: Spec<T>, o: CallOptions = {}): Promise<{ status: number; value: T | undefined }> {
    const info: CallInfo = { operation: spec.operation, redact, ...(o.address === undefined ? {} : { address: o.address }) };
    const req: HttpRequest = {
      method: spec.method,
      path: spec.path,
      idempotent: spec.idempotent,
      operation: spec.operation,
      headers: { accept: "application/json", ...(spec.body === undefined ? {} : { "content-type": "application/json" }) },
      ...(spec.query === undefined ? {} : { query: spec.query }),
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    };
    let res;
    try {
      res = await http.request(req);
    } catch (e) {
      throw transportFailure(info, e, spec.idempotent);
    }
    if (spec.accept?.includes(res.status)) return { status: res.status, value: undefined };
    if (res.status < 200 || res.status > 299) throw answerError(info, res.status, res.body);
    if (spec.refusesKey?.(res.body)) throw keyRefused(info, res.status);
    if (spec.decode === undefined) return { status: res.status, value: undefined };
    try {
      return { status: res.status, value: spec.decode(parseJson(res.body)) };
    } catch (e) {
      if (e instanceof UnexpectedAnswer) throw shapeError(info, res.status, e.message);
      throw e;
    }
  }
  const value = async <T>(spec: Spec<T>, o?: CallOptions): Promise<T> => (await call(spec, o)).value as T;
  // PUT once a PATCH was answered 405 (api.ts, UPDATE_FALLBACK_METHOD); per session, like the client.
  let updateMethod: HttpMethod = UPDATE_METHOD;

  return {
    redact,
    verifyKey: async (o) => {
      await call({ operation: "hexiosec.verifyKey", method: "GET", path: PATHS.auth(), idempotent: true, refusesKey: keyRefusedIn }, o);
    },
    listGroups: (o) => value({ operation: "hexiosec.listScanGroups", method: "GET", path: PATHS.scanGroups(), idempotent: true, decode: decodeGroups }, o),
    listScans: (o) => value({ operation: "hexiosec.listScans", method: "GET", path: PATHS.scans(), idempotent: true, decode: decodeScans }, o),
    getScan: (id, o = {}) =>
      value(
        {
          operation: "hexiosec.getScan",
          method: "GET",
          path: PATHS.scan(id),
          idempotent: true,
          ...(o.withIteration ? { query: { expand: EXPAND.iteration } } : {}),
          decode: (v) => decodeScan(v),
        },
        o,
      ),
    scanExists: async (id, o) =>
      (await call({ operation: "hexiosec.getScan", method: "GET", path: PATHS.scan(id), idempotent: true, accept: [404] }, o)).status !== 404,
    createScan: (body, o) =>
      value({ operation: "hexiosec.createScan", method: "POST", path: PATHS.scans(), idempotent: false, body, decode: decodeCreatedScan }, o),
    updateScan: async (id, body, o) => {
      // Setting fields to values is idempotent: sending it twice leaves the scan as once.
      const update = (method: HttpMethod, accept: readonly number[] = []) =>
        call({ operation: "hexiosec.updateScan", method, path: PATHS.scan(id), idempotent: true, body, accept }, o);
      if (updateMethod === UPDATE_METHOD) {
        if ((await update(UPDATE_METHOD, [METHOD_NOT_ALLOWED])).status !== METHOD_NOT_ALLOWED) return;
        updateMethod = UPDATE_FALLBACK_METHOD;
      }
      await update(updateMethod);
    },
    deleteScan: async (id, o) =>
      (await call({ operation: "hexiosec.deleteScan", method: "DELETE", path: PATHS.scan(id), idempotent: true, accept: [404] }, o)).status !== 404,
    listSeeds: (scanId, o) =>
      value({ operation: "hexiosec.listSeeds", method: "GET", path: PATHS.seeds(scanId), query: { expand: EXPAND.tags }, idempotent: true, decode: decodeSeeds }, o),
    addSeed: async (scanId, body, o) => {
      await call({ operation: "hexiosec.addSeed", method: "POST", path: PATHS.seeds(scanId), idempotent: false, body }, o);
    },
    removeSeed: async (scanId, seedId, o) =>
      (await call({ operation: "hexiosec.removeSeed", method: "DELETE", path: PATHS.seed(scanId, seedId), idempotent: true, accept: [404] }, o)).status !== 404,
  };
}
