/**
 * `scanform doctor` and the credential check `plan` makes first, against the emulators: every
 * vendor's key check (Hexiosec GET /auth, Cortex GET /api_keys/validate/, Qualys portal version),
 * the host named when a vendor cannot be reached, Cortex clock skew, and the state's lock holder.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { runCli, startE2E, type E2E } from "./harness.js";

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

const start = async (...args: Parameters<typeof startE2E>): Promise<E2E> => (e2e = await startE2E(...args));
const expectNoSecret = (r: { stdout: string; stderr: string }, env: E2E): void => {
  for (const s of env.secrets) expect(r.stdout + r.stderr).not.toContain(s);
};

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("scanform doctor", () => {
  it("reports every vendor in use reachable and authenticated by its key check, and the state unlocked", async () => {
    const env = await start();
    const r = await env.run("doctor");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ok {4}cortex {4}reachable, authenticated \(GET \/api_keys\/validate\/\); clock .* \(accepted: 300 s\)$/m);
    expect(r.stdout).toMatch(/^ok {4}hexiosec {2}reachable, authenticated \(GET \/auth\)$/m);
    expect(r.stdout).toMatch(/^ok {4}qualys {4}reachable, authenticated \(GET \/qps\/rest\/portal\/version\); WAS version emulated$/m);
    expect(r.stdout).toMatch(/^ok {4}state {5}.*state\.json: reachable, empty, not locked$/m);
    expect(env.count("hexiosec", "verifyKey")).toBe(1);
    expect(env.count("cortex", "validateApiKey")).toBe(1);
    expect(env.count("qualys", "portalVersion")).toBe(1);
    expectNoSecret(r, env);
  });

  it("prints the same checks as JSON that match schemas/doctor.schema.json", async () => {
    const env = await start();
    const r = await env.run("doctor", "--json");
    expect(r.code).toBe(EXIT.ok);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const valid = ajv.compile(JSON.parse(readFileSync("schemas/doctor.schema.json", "utf8")) as object);
    expect(valid(JSON.parse(r.stdout)) ? [] : valid.errors).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, vendors: [{ vendor: "cortex", ok: true }, { vendor: "hexiosec" }, { vendor: "qualys" }] });
    expectNoSecret(r, env);
  });

  it("fails a wrong Cortex key with the vendor's refusal and a hint, exit 1", async () => {
    const env = await start();
    const r = await runCli(["doctor"], { env: { ...env.env, CORTEX_API_KEY: "wrong-cortex-key" }, cwd: env.dir });
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toMatch(/^FAIL {2}cortex {4}cortex: validate the API key failed: HTTP 401: Public API request unauthorized \[VENDOR_AUTH\]$/m);
    expect(r.stdout).toContain("Check CORTEX_API_KEY_ID and CORTEX_API_KEY");
    expect(r.stdout).toMatch(/^ok {4}hexiosec/m);
    expect(r.stdout).not.toContain("wrong-cortex-key");
  });

  it("names the host it could not reach", async () => {
    const env = await start();
    const port = await closedPort();
    const r = await runCli(["doctor"], { env: { ...env.env, HEXIOSEC_URL: `http://127.0.0.1:${port}/api` }, cwd: env.dir });
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toMatch(new RegExp(`^FAIL {2}hexiosec .*to 127\\.0\\.0\\.1:${port}: connection refused: nothing is listening there.*\\[HTTP_NETWORK\\]$`, "m"));
  });

  it("measures how far this machine's clock is from Cortex's, for the advanced key that signs the time", async () => {
    const env = await start({ clock: { now: () => Date.now() + 120_000 } });
    const r = await env.run("doctor");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ok {4}cortex .*; clock 1[12]\d(\.\d)? s behind the vendor's \(accepted: 300 s\)$/m);
  });

  it("warns when this machine's clock is past half of what Cortex accepts, before signed calls start failing", async () => {
    const env = await start({ clock: { now: () => Date.now() + 240_000 } });
    const r = await env.run("doctor");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ok {4}cortex .*; clock 2[34]\d(\.\d)? s behind the vendor's \(accepted: 300 s\); synchronise this machine's clock \(NTP\)/m);
  });

  it("names the clock when Cortex refuses the signed key check and its answer's time is past what it accepts", async () => {
    const env = await start({ clock: { now: () => Date.now() - 360_000 } });
    const r = await env.run("doctor");
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toMatch(/^FAIL {2}cortex .*clock is 3[56]\d(\.\d)? s ahead of cortex's.*\[VENDOR_CLOCK_SKEW\]$/m);
  });

  it("names who holds the state lock", async () => {
    const env = await start();
    const backend = await env.backend();
    const lock = await backend.lock(lockRequest("apply", { USER: "someone-else" }));
    try {
      const r = await env.run("doctor");
      expect(r.stdout).toMatch(/^ok {4}state .*reachable, empty, locked by someone-else on .*operation "apply".*lock ID /m);
    } finally {
      await lock.release();
    }
  });

  it("reports a proxy variable, which vendor calls go through, without its login", async () => {
    const env = await start();
    const r = await runCli(["doctor"], { env: { ...env.env, HTTPS_PROXY: "http://proxyuser:proxypass@proxy.example:3128" }, cwd: env.dir });
    expect(r.stdout).toMatch(/^note {2}proxy {5}HTTPS_PROXY=http:\/\/proxy\.example:3128 set; scanform reaches the vendors through it, except loopback/m);
    expect(r.stdout).not.toContain("proxypass");
  });

  it("fails a proxy variable the HTTP client refuses, saying vendor calls fail with it, rather than that they go through it", async () => {
    const env = await start();
    const r = await runCli(["doctor"], { env: { ...env.env, HTTPS_PROXY: "ftp://proxyuser:proxypass@proxy.example:2121" }, cwd: env.dir });
    expect(r.stdout).toMatch(/^FAIL {2}proxy {5}HTTPS_PROXY=ftp:\/\/proxy\.example:2121 is not an http\(s\) URL: every call to a vendor not on loopback fails \(HTTP_INVALID_PROXY\)/m);
    expect(r.stdout).not.toContain("reaches the vendors through it");
    expect(r.stdout).not.toMatch(/proxyuser|proxypass/);
  });

  it("reads a proxy variable without a scheme as the HTTP client does, showing no part of its login", async () => {
    const env = await start();
    const r = await runCli(["doctor"], { env: { ...env.env, HTTPS_PROXY: "proxyuser:proxypass@proxy.example:3128" }, cwd: env.dir });
    expect(r.stdout).toMatch(/^note {2}proxy {5}HTTPS_PROXY=http:\/\/proxy\.example:3128 set/m);
    expect(r.stdout).not.toMatch(/proxyuser|proxypass/);
  });
});

describe("plan checks every vendor's credentials first", () => {
  it("fails on a wrong Cortex key, which nothing else in a plan would read, before reading any vendor", async () => {
    const env = await start();
    const r = await runCli(["plan"], { env: { ...env.env, CORTEX_API_KEY: "wrong-cortex-key" }, cwd: env.dir });
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("Error: cortex: validate the API key failed: HTTP 401: Public API request unauthorized\n");
    expect(r.stderr).toContain("Check CORTEX_API_KEY_ID and CORTEX_API_KEY");
    expect(r.stdout).toBe("");
    expect(env.count("hexiosec", "listScans")).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("wrong-cortex-key");
  });

  it("makes one key check per vendor and then plans as before", async () => {
    const env = await start();
    const r = await env.run("plan");
    expect(r.code).toBe(EXIT.ok);
    expect(env.count("cortex", "validateApiKey")).toBe(1);
    expect(env.count("hexiosec", "verifyKey")).toBe(1);
    expect(env.count("qualys", "portalVersion")).toBe(1);
  });
});
