/**
 * The CLI against loopback servers that answer as no vendor should: an echo of the request's auth
 * headers, a certificate for another name, and a key too short to be real. Each ends with exit 1
 * and a clear message, and prints nothing derived from a credential.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startProxy } from "../http/proxy-server.js";
import { startTestServer, type TestServer } from "../http/test-server.js";
import { runCli } from "./harness.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const TLS_DIR = fileURLToPath(new URL("./tls", import.meta.url));

const HEXIOSEC_SCAN = "hexiosec:\n  scans:\n    edge:\n      group: Security\n      type: continuous_own\n      seeds: [edge.example.com]\n";
const CORTEX_SCAN = [
  "cortex:",
  "  scans:",
  "    lab:",
  "      template: 12",
  "      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]",
  "      network: 3",
  "      portList: 1",
  "      targets: [10.40.0.0/24]",
  '      schedule: { cadence: DAILY, at: "03:00", timezone: UTC, start: 2126-12-01 }',
  "      launch: never",
  "",
].join("\n");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function manifestDir(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scanform-hostile-"));
  await writeFile(join(dir, "scans.yaml"), yaml);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function server(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handler);
  cleanups.push(() => s.close());
  return s;
}

describe("an answer that echoes the request's auth headers", () => {
  const KEY = "canary-cortex-key-0123456789abcdef0123456789abcdef";

  it.each([["text"], ["--json"]])("prints no Cortex hash, nonce or timestamp (%s)", async (format) => {
    const cortex = await server((req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ reply: { err_code: 400, err_msg: `bad request; you sent ${JSON.stringify(req.headers)}` } }));
    });
    const dir = await manifestDir(CORTEX_SCAN);
    const env = { CORTEX_URL: cortex.url, CORTEX_API_KEY_ID: "7", CORTEX_API_KEY: KEY, CORTEX_API_KEY_TYPE: "advanced", USER: "t" };
    const r = await runCli(["apply", "--auto-approve", ...(format === "text" ? [] : [format])], { env, cwd: dir });
    expect(r.code).toBe(EXIT.error);
    const sent = cortex.seen.flatMap((s) => ["x-xdr-nonce", "x-xdr-timestamp", "authorization"].map((h) => String(s.headers[h])));
    expect(sent.length).toBeGreaterThan(0);
    const printed = `${r.stdout}\n${r.stderr}\n${await readFile(join(dir, ".scanform", "state.json"), "utf8").catch(() => "")}`;
    expect(printed).toContain("bad request; you sent");
    for (const value of [...sent, KEY]) expect(printed).not.toContain(value);
  });
});

describe("a network that allows only its proxy", () => {
  it("reaches the vendor through HTTP_PROXY, and the proxy never sees the API key", async () => {
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());
    const hexiosec = await server((_req, res) => res.end("[]"));
    const dir = await manifestDir(HEXIOSEC_SCAN);
    const key = "canary-hexiosec-key-5b1f0e9c";
    const env = { HEXIOSEC_URL: `${hexiosec.url}/api`, HEXIOSEC_API_KEY: key, HTTP_PROXY: proxy.url, SCANFORM_PROXY_LOOPBACK: "1" };
    const r = await runCli(["plan"], { env, cwd: dir });
    expect(r.stderr).toContain('no Hexiosec scan group is named "Security"');
    expect(proxy.connects.map((c) => c.target)).toContain(`127.0.0.1:${hexiosec.port}`);
    expect(hexiosec.seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(proxy.connects)).not.toContain(key);
    expect(proxy.plain).toEqual([]);
  });
});

describe("a credential too short to be real", () => {
  it("is refused, naming the variable and never its value", async () => {
    const hexiosec = await server((_req, res) => res.end("[]"));
    const dir = await manifestDir(HEXIOSEC_SCAN);
    const r = await runCli(["plan"], { env: { HEXIOSEC_URL: `${hexiosec.url}/api`, HEXIOSEC_API_KEY: "e" }, cwd: dir });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("HEXIOSEC_API_KEY is shorter than 8 characters");
    expect(r.stderr).not.toContain("***");
    expect(hexiosec.seen).toEqual([]);
  });
});

describe("an error answer of megabytes", () => {
  it("is quoted in the error cut to a few hundred characters", async () => {
    const hexiosec = await server((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "unauthorised", message: "no ".repeat(2_000_000) }));
    });
    const dir = await manifestDir(HEXIOSEC_SCAN);
    const r = await runCli(["plan"], { env: { HEXIOSEC_URL: `${hexiosec.url}/api`, HEXIOSEC_API_KEY: "canary-hexiosec-key-5b1f0e9c" }, cwd: dir });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("unauthorised: no no no");
    expect(r.stderr).toContain("more characters)");
    expect(r.stderr.length).toBeLessThan(2_000);
  });
});

describe("a server whose certificate names another host", () => {
  it("fails with exit 1 and a clear error, even with reads in flight", async () => {
    const tls = createHttpsServer({ key: await readFile(join(TLS_DIR, "other-name.key.pem")), cert: await readFile(join(TLS_DIR, "other-name.cert.pem")) }, (_req, res) => res.end("[]"));
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => tls.close(() => resolve())));
    tls.on("tlsClientError", () => undefined);
    const dir = await manifestDir(HEXIOSEC_SCAN);
    const env = {
      PATH: process.env.PATH ?? "",
      // Trusted, so that the name is the only thing wrong with it.
      NODE_EXTRA_CA_CERTS: join(TLS_DIR, "other-name.cert.pem"),
      HEXIOSEC_URL: `https://127.0.0.1:${(tls.address() as AddressInfo).port}/api`,
      HEXIOSEC_API_KEY: "canary-hexiosec-key-5b1f0e9c",
    };
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "plan", dir], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    clearTimeout(killer);
    expect(code).toBe(EXIT.error);
    expect(stderr).toContain("certificate is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)");
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 30_000);
});
