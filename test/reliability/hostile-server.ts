/**
 * A loopback server in front of one vendor emulator: it forwards every request to the emulator
 * except those a case hijacks, which get whatever hostile answer the case writes (huge, dribbled,
 * never sent, echoing the request's own headers, ...). It keeps what it was sent, so a case can
 * tell which auth values to look for in scanform's output.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Received {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Forwarded {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Answers a hijacked request; `forward` asks the emulator behind for its real answer. */
export type Hijack = (req: Received, res: ServerResponse, forward: () => Promise<Forwarded>) => Promise<void> | void;

export interface HostileServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly received: readonly Received[];
  /** How many requests the case answered (not forwarded). */
  hijacked(): number;
  close(): Promise<void>;
}

/** `hijack` returns undefined to forward a request to `upstream` (an origin) unchanged. */
export async function startHostileServer(upstream: string | undefined, choose: (req: Received) => Hijack | undefined): Promise<HostileServer> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let hijacked = 0;
  const server = createServer((req, res) => {
    void read(req).then(async (got) => {
      received.push(got);
      const forward = () => forwardTo(upstream, got);
      const hijack = choose(got);
      if (hijack === undefined) return send(res, await forward());
      hijacked += 1;
      return hijack(got, res, forward);
    }).catch(() => res.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    hijacked: () => hijacked,
    close: () =>
      new Promise<void>((resolve) => {
        // Dribbling and silent answers hold their sockets open: end them so the port frees at once.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function read(req: IncomingMessage): Promise<Received> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
  return { method: req.method ?? "GET", url: req.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8") };
}

async function forwardTo(upstream: string | undefined, req: Received): Promise<Forwarded> {
  if (upstream === undefined) return { status: 404, headers: {}, body: "" };
  const { host: _host, "content-length": _length, connection: _connection, ...headers } = req.headers;
  const res = await fetch(`${upstream}${req.url}`, { method: req.method, headers, ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: req.body }) });
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection" && k !== "keep-alive") out[k] = v;
  });
  return { status: res.status, headers: out, body: await res.text() };
}

export function send(res: ServerResponse, answer: Forwarded): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** Writes `total` bytes in chunks made by `chunk`, waiting for the socket to drain, so the server never buffers it all. */
export async function stream(res: ServerResponse, status: number, headers: Readonly<Record<string, string>>, head: string, chunk: string, total: number, tail: string): Promise<void> {
  res.writeHead(status, headers);
  res.write(head);
  for (let sent = 0; sent < total && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await new Promise<void>((resolve) => {
      // Whichever comes first; the other listener is dropped, or every drained chunk left a "close" one behind.
      const done = (): void => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.once("drain", done);
      res.once("close", done);
    });
  }
  res.end(tail);
}
