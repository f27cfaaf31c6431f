/** A loopback proxy for the tests: opens CONNECT tunnels (or refuses them) and records what it was sent. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

export interface TestProxy {
  readonly url: string;
  /** Every CONNECT: its target (host:port) and the headers the proxy itself received. */
  readonly connects: { readonly target: string; readonly headers: IncomingHttpHeaders }[];
  /** Requests sent to the proxy as plain HTTP (absolute-form), which would hand it the request's headers. */
  readonly plain: string[];
  close(): Promise<void>;
}

/** `refuse`: answer every CONNECT with this status instead of opening the tunnel. */
export async function startProxy(refuse?: number): Promise<TestProxy> {
  const connects: { target: string; headers: IncomingHttpHeaders }[] = [];
  const plain: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    plain.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  server.on("connect", (req, client: Socket) => {
    connects.push({ target: req.url ?? "", headers: req.headers });
    sockets.add(client);
    if (refuse !== undefined) return void client.end(`HTTP/1.1 ${refuse} Refused\r\n\r\n`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host ?? "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    plain,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
