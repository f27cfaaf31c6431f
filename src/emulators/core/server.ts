/**
 * One vendor emulator on 127.0.0.1: wraps a VendorEmulator (routes, auth, wire format, state) in
 * what every vendor shares: latency, the concurrency cap and rate limit answered the vendor's way,
 * seeded faults, the request log and the inspection routes.
 */
import { setMaxListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { ScanformError } from "../../core/errors.js";
import { systemClock } from "./clock.js";
import { createAdmissionGate, latencyMs } from "./controls.js";
import { pickFault } from "./faults.js";
import { inspect, isInspectPath } from "./inspect.js";
import { createRandom, deriveSeed } from "./random.js";
import { createRequestLog, type RequestLog, type RequestOutcome } from "./request-log.js";
import type { EmuClock, EmuRequest, EmuResponse, ThrottleLimits, VendorControls, VendorEmulator } from "./types.js";

export interface EmulatorServerOptions {
  readonly controls?: VendorControls;
  /** Seeds the fault and jitter draws (the vendor's own randomness is in its context). Default 1. */
  readonly seed?: number;
  /** Time stamps of the request log; give the vendor's clock so the two agree. */
  readonly clock?: EmuClock;
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
}

export interface EmulatorServer {
  readonly vendor: VendorEmulator;
  readonly port: number;
  /** `http://127.0.0.1:PORT`: where the inspection routes live. */
  readonly origin: string;
  /** The origin plus the vendor's base path: what a driver is given as its URL. */
  readonly baseUrl: string;
  readonly log: RequestLog;
  controls(): VendorControls;
  /** Takes effect for requests that arrive from now on. */
  setControls(controls: VendorControls): void;
  /** Stops listening and destroys open connections; resolves once the port is free. */
  close(): Promise<void>;
}

/** Bodies above this are refused with 413: the emulators serve tests, not uploads. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const HOST = "127.0.0.1";

export async function startEmulatorServer(vendor: VendorEmulator, options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const seed = options.seed ?? 1;
  const faultRandom = createRandom(deriveSeed(seed, "faults"));
  const jitterRandom = createRandom(deriveSeed(seed, "jitter"));
  const clock = options.clock ?? systemClock;
  const log = createRequestLog();
  const gate = createAdmissionGate(() => performance.now());
  const closing = new AbortController();
  // Every request waiting out its latency listens here until it is answered: a busy emulator has
  // dozens at once (Node warned past ten in the reliability suite's fault runs).
  setMaxListeners(0, closing.signal);
  let controls: VendorControls = options.controls ?? {};

  const target = {
    vendor,
    log,
    controls: () => controls,
    setControls: (c: VendorControls) => {
      controls = c;
    },
    resetTransport: () => gate.reset(),
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = await readBody(req);
    if (body === undefined) return send(res, { status: 413, body: "request body too large" });
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const emuReq: EmuRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: flattenHeaders(req), body };
    if (isInspectPath(emuReq.path)) return send(res, inspect(emuReq, target));

    const operation = vendor.operation(emuReq);
    const time = clock.now();
    // A vendor dates its answers by its own clock; clients measure their skew against it.
    res.setHeader("date", new Date(time).toUTCString());
    const record = (status: number | null, outcome: RequestOutcome): void =>
      log.record({ time, method: emuReq.method, path: emuReq.path, operation: operation ?? null, status, outcome, durationMs: performance.now() - started });

    // Draws happen at arrival, before any wait, so the fault sequence follows arrival order.
    const now = controls;
    const delay = latencyMs(now, jitterRandom);
    const refusal = gate.admit(now);
    if (refusal !== undefined) {
      const limits = throttleLimits(now, gate.inFlight);
      await pause(delay, closing.signal);
      if (closing.signal.aborted) return;
      const answer = vendor.throttled(refusal.reason, refusal.retryAfterSeconds, limits);
      send(res, answer);
      return record(answer.status, "throttled");
    }
    try {
      const fault = pickFault(now.faults, operation, faultRandom);
      // A plain read is built while its latency runs, as a vendor's servers work on a request
      // during the time it takes to answer: answered at the later of the two, so rendering a large
      // page does not add to the latency. It is built halfway (the request's way there; the answer's
      // way back is the other half), so requests that reach the server close together (a client's
      // concurrent pages, a few ms apart) all start their latency before one holds the thread.
      // Writes and faulted requests are carried out after the latency, as before, so no effect of
      // a write is seen sooner.
      if (fault === undefined && vendor.readOnly?.(emuReq) === true) {
        const latency = pause(delay, closing.signal);
        await pause(delay / 2, closing.signal);
        const read = await handled(emuReq);
        // Its bytes too: encoded after the latency, a Qualys page of 1,000 objects went out 8-16 ms
        // late and held the thread while the next page's latency ran out (issue 14's no-op plan).
        const bytes = encoded(read.answer);
        await latency;
        if (closing.signal.aborted) return;
        sendEncoded(res, bytes);
        return record(read.answer.status, read.outcome);
      }
      await pause(delay, closing.signal);
      if (closing.signal.aborted) return;
      if (fault?.kind === "server-error") {
        const answer = vendor.serverError(fault.status);
        send(res, answer);
        return record(answer.status, "server-error");
      }
      if (fault?.kind === "dropped") {
        req.socket.destroy();
        return record(null, "dropped");
      }
      const empty = fault?.kind === "empty-list" && operation !== undefined ? vendor.emptyList?.(operation) : undefined;
      if (empty !== undefined) {
        send(res, empty);
        return record(empty.status, "empty-list");
      }
      const { answer, outcome } = await handled(emuReq);
      if (outcome === "emulator-error") {
        send(res, answer);
        return record(answer.status, outcome);
      }
      if (fault?.kind === "lost-answer") {
        req.socket.destroy();
        return record(answer.status, "lost-answer");
      }
      send(res, answer);
      record(answer.status, "answered");
    } finally {
      gate.release();
    }
  }

  async function handled(emuReq: EmuRequest): Promise<{ readonly answer: EmuResponse; readonly outcome: RequestOutcome }> {
    try {
      return { answer: await vendor.handle(emuReq), outcome: "answered" };
    } catch (e) {
      return { answer: emulatorBug(vendor, e), outcome: "emulator-error" };
    }
  }

  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    serve(req, res).catch((e: unknown) => send(res, emulatorBug(vendor, e)));
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  const port = await listen(server, options.port ?? 0, vendor.vendor);
  const origin = `http://${HOST}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    vendor,
    port,
    origin,
    baseUrl: origin + (vendor.basePath ?? ""),
    log,
    controls: () => controls,
    setControls: target.setControls,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, vendor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new ScanformError("EMULATOR_LISTEN", `the ${vendor} emulator cannot listen on ${HOST}:${port}: ${e.code ?? e.message}`, {
          hint: e.code === "EADDRINUSE" ? "Pick another port (or 0 for any free one)." : undefined,
          detail: { vendor, port },
        }),
      ),
    );
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** An answer as the bytes it is sent as: turning a page of a megabyte into UTF-8 takes milliseconds. */
interface EncodedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly bytes: Buffer;
}

function encoded(answer: EmuResponse): EncodedResponse {
  return { status: answer.status, ...(answer.headers === undefined ? {} : { headers: answer.headers }), bytes: Buffer.from(answer.body ?? "", "utf8") };
}

const send = (res: ServerResponse, answer: EmuResponse): void => sendEncoded(res, encoded(answer));

function sendEncoded(res: ServerResponse, answer: EncodedResponse): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(answer.status, { ...answer.headers, "content-length": answer.bytes.length });
  res.end(answer.bytes);
}

/** A throwing vendor handler is an emulator bug: answer 500 the vendor's way and say why in a header. */
function emulatorBug(vendor: VendorEmulator, e: unknown): EmuResponse {
  const base = vendor.serverError(500);
  const why = (e instanceof Error ? e.message : String(e)).replace(/[^\x20-\x7e]/g, " ").slice(0, 500);
  return { ...base, headers: { ...base.headers, "x-scanform-emulator-error": why } };
}

function throttleLimits(controls: VendorControls, running: number): ThrottleLimits {
  return {
    ...(controls.concurrency === undefined ? {} : { concurrency: controls.concurrency }),
    ...(controls.ratePerSecond === undefined ? {} : { ratePerSecond: controls.ratePerSecond }),
    running,
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
