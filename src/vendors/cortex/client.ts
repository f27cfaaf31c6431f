/**
 * Typed calls over the HTTP client for the netscan operations (vendors/cortex.md §1). Each returns
 * the parsed result or throws a ScanformError; none knows about plans or state.
 */
import { isRecord } from "../../core/json.js";
import { createRedactor, quoteMasked } from "../../http/redact.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../http/types.js";
import type { RunStatus } from "../driver.js";
import { OPERATIONS, PATHS, RESULTS_UNAVAILABLE, RUN_ID_PATTERN, RUN_STATE_PATTERN, RUN_STATES, RUN_TEXT_MAX, STATUS_QUERY, type RunCommand, type ScanDefinitionPayload } from "./api.js";
import { ScanformError } from "../../core/errors.js";
import { answerError, refusedKey, transportFailure, unreadableAnswer, type CallContext } from "./errors.js";
import { ownEntry } from "../../core/own.js";

export interface CallOptions {
  readonly address?: string;
  readonly signal?: AbortSignal;
}

export interface CortexClient {
  /** `GET /api_keys/validate/`: throws VENDOR_AUTH unless Cortex accepts the key; resolves to the answer's Date header, if any. */
  validateKey(options?: CallOptions): Promise<string | undefined>;
  /** Create (no `definition_id`, 201) or update (with it, 200); returns the definition id. */
  /** `adopting`: the update takes over a definition by the id `adopt: {id}` names, so a 404 is that id's. */
  saveDefinition(payload: ScanDefinitionPayload, options?: CallOptions & { readonly adopting?: boolean }): Promise<string>;
  /** Returns the run id parsed from DATA. Never retried after an ambiguous failure. */
  launchRun(definitionId: string, target: string | undefined, options?: CallOptions): Promise<string>;
  runStatus(runId: string, options?: CallOptions): Promise<RunStatus>;
  /** Returns the vendor's DATA text. */
  runCommand(runId: string, command: RunCommand, options?: CallOptions): Promise<string>;
}

/** `secrets` are masked out of every answer body, so vendor text quoted in an error cannot carry a key. */
export function createCortexClient(http: HttpClient, secrets: readonly string[] = []): CortexClient {
  const keyOnly = createRedactor(secrets);
  // The HTTP layer's redactor also knows the advanced key's signature, nonce and timestamp each request carried.
  const redact = (text: string): string => http.redact?.(keyOnly(text)) ?? keyOnly(text);
  async function send(req: Omit<HttpRequest, "signal">, ctx: CallContext, options: CallOptions): Promise<HttpResponse> {
    let res: HttpResponse;
    try {
      res = await http.request({ ...req, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    } catch (e) {
      throw transportFailure(e, ctx);
    }
    return { ...res, body: redact(res.body) };
  }

  return {
    async validateKey(options = {}) {
      const ctx: CallContext = { action: "validate the API key", idempotent: true, redact };
      const res = await send({ method: "GET", path: PATHS.validateKey, headers: { accept: "application/json" }, idempotent: true, operation: OPERATIONS.validateKey }, ctx, options);
      if (res.status !== 200) {
        const refused = answerError(res, ctx);
        // A refused advanced key may be a clock past what Cortex accepts: its answer's time tells.
        const date = res.headers["date"];
        throw res.status === 401 && date !== undefined ? new ScanformError(refused.code, refused.message, { ...(refused.hint === undefined ? {} : { hint: refused.hint }), detail: { ...refused.detail, vendorDate: date } }) : refused;
      }
      if (res.body.trim() !== "true") throw refusedKey(res, ctx);
      return res.headers["date"];
    },

    async saveDefinition(payload, options = {}) {
      const creating = payload.definition_id === undefined;
      const ctx: CallContext = { action: creating ? "create scan definition" : `update scan definition ${payload.definition_id}`, address: options.address, idempotent: !creating, redact };
      const res = await send(
        {
          method: "POST",
          path: PATHS.definition,
          headers: { "content-type": "application/json; charset=UTF-8", accept: "application/json" },
          body: JSON.stringify(payload),
          // An update sends the whole definition again: repeating it changes nothing more.
          idempotent: !creating,
          operation: OPERATIONS.saveDefinition,
        },
        ctx,
        options,
      );
      // 201 on create and 200 on update are scanform's reading (§6.4 leaves it open): any 2xx is success.
      if (res.status < 200 || res.status >= 300) {
        throw answerError(
          res,
          ctx,
          creating
            ? "The vt_config_id (template) does not exist at this tenant; copy its id from the console."
            : options.adopting === true
              ? `Definition ${payload.definition_id} (or template ${payload.vt_config_id}) is not at this tenant: check the id in \`adopt: {id}\` and the template against the console.`
              : "The definition is gone at Cortex (deleted in the console?). Remove it from state with `scanform state rm` so the next apply creates it again.",
        );
      }
      const id = readInt(res.body, "definition_id");
      if (id === undefined) throw unreadableAnswer(res, ctx, "definition_id", res.body);
      return String(id);
    },

    async launchRun(definitionId, target, options = {}) {
      const ctx: CallContext = { action: `launch a run of definition ${definitionId}`, address: options.address, idempotent: false, redact };
      const res = await send(
        {
          method: "POST",
          path: PATHS.launch,
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ request_data: { definition_id: Number(definitionId), ...(target === undefined ? {} : { target }) } }),
          // A second launch would start a second run (§5): never sent again after an ambiguous failure.
          idempotent: false,
          operation: OPERATIONS.launch,
        },
        ctx,
        options,
      );
      if (res.status < 200 || res.status >= 300) throw answerError(res, ctx, "The definition is not at Cortex (deleted in the console?). Remove it from state with `scanform state rm` and apply again.");
      const data = readData(res.body);
      const m = RUN_ID_PATTERN.exec(data ?? "");
      if (m === null) throw unreadableAnswer(res, ctx, "the run id", data ?? res.body);
      return m[1] as string;
    },

    async runStatus(runId, options = {}) {
      const ctx: CallContext = { action: `status of run ${runId}`, address: options.address, idempotent: true, redact };
      const res = await send({ method: "GET", path: PATHS.runStatus(runId), query: STATUS_QUERY, headers: { accept: "application/json" }, idempotent: true, operation: OPERATIONS.status }, ctx, options);
      if (res.status !== 200) throw answerError(res, ctx, "Cortex does not know this run id.");
      const data = readData(res.body);
      const state = RUN_STATE_PATTERN.exec(data ?? "")?.[1];
      if (data === undefined || state === undefined) throw unreadableAnswer(res, ctx, "the run state", data ?? res.body);
      // The sheet's pattern ignores case (§7), so the state's spelling does too.
      const known = ownEntry(RUN_STATES, state.charAt(0).toUpperCase() + state.slice(1).toLowerCase());
      // DATA is free text, JSON-decoded after the raw body was masked, and printed on every change of state: masked, then cut.
      const vendorState = quoteMasked(redact, data, RUN_TEXT_MAX);
      return known === undefined
        ? { phase: "running", terminal: false, vendorState, detail: `unknown Cortex run state "${quoteMasked(redact, state, RUN_TEXT_MAX)}", treated as still running` }
        : { phase: known.phase, terminal: known.terminal, vendorState, ...(known.terminal ? { results: { available: false, why: RESULTS_UNAVAILABLE } } : {}) };
    },

    async runCommand(runId, command, options = {}) {
      const ctx: CallContext = { action: `${command} run ${runId}`, address: options.address, idempotent: false, redact };
      const res = await send(
        {
          method: "POST",
          path: PATHS.runCommand(runId),
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ request_data: { type: command } }),
          // A repeated PAUSE after a lost answer is refused as "cannot be performed": not sent twice.
          idempotent: false,
          operation: OPERATIONS.command,
        },
        ctx,
        options,
      );
      if (res.status !== 200) throw answerError(res, ctx, `The run is unknown, or its state does not allow ${command}.`);
      return readData(res.body) ?? "";
    },
  };
}

export const pauseRun = (client: CortexClient, runId: string, options?: CallOptions): Promise<string> => client.runCommand(runId, "PAUSE", options);
export const resumeRun = (client: CortexClient, runId: string, options?: CallOptions): Promise<string> => client.runCommand(runId, "RESUME", options);
export const abortRun = (client: CortexClient, runId: string, options?: CallOptions): Promise<string> => client.runCommand(runId, "ABORT", options);

function parse(body: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const readData = (body: string): string | undefined => {
  const data = parse(body)?.DATA;
  return typeof data === "string" ? data : undefined;
};

const readInt = (body: string, field: string): number | undefined => {
  const v = parse(body)?.[field];
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
};
