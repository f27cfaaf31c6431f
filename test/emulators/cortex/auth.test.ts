import { describe, expect, it } from "vitest";
import { ADVANCED, advancedHash, freshNonce, NETSCAN, STANDARD, startCortex } from "./helpers.js";

const statusPath = `${NETSCAN}/scan/run/1?fields=status`;

describe("cortex emulator: API keys (vendors/cortex.md §3)", () => {
  it("accepts an advanced key signed with sha256(key + nonce + timestamp)", async () => {
    const h = await startCortex();
    const res = await h.call("GET", statusPath, { auth: { scheme: "advanced" } });
    expect(res.status).toBe(404); // past auth: the run does not exist
    expect(res.json).toEqual({ err_msg: "Run ID not found" });
  });

  it("accepts a standard key sent as the Authorization header", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "standard" } })).status).toBe(404);
  });

  it("accepts a timestamp truncated to whole seconds, as the documented example makes it", async () => {
    const h = await startCortex();
    const timestamp = Math.floor(h.clock.now() / 1000) * 1000;
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", timestamp } })).status).toBe(404);
  });

  it("refuses a wrong hash with 401 in the gateway's envelope", async () => {
    const h = await startCortex();
    const res = await h.call("GET", statusPath, { auth: { scheme: "advanced", hash: advancedHash("not-the-key", freshNonce(), h.clock.now()) } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ reply: { err_code: 401, err_msg: "Public API request unauthorized", err_extra: null } });
  });

  it("refuses a hash in upper-case hex", async () => {
    const h = await startCortex();
    const nonce = freshNonce();
    const hash = advancedHash(ADVANCED.key, nonce, h.clock.now()).toUpperCase();
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", nonce, hash } })).status).toBe(401);
  });

  it("refuses a nonce used before", async () => {
    const h = await startCortex();
    const nonce = freshNonce();
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", nonce } })).status).toBe(404);
    h.clock.advance(1000);
    const again = await h.call("GET", statusPath, { auth: { scheme: "advanced", nonce } });
    expect(again.status).toBe(401);
    expect(again.json.reply.err_msg).toMatch(/nonce already used/);
  });

  it("refuses a nonce that is not 64 letters and digits", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", nonce: "abc123" } })).status).toBe(401);
  });

  it.each([
    ["more than 5 minutes behind", -(5 * 60 * 1000 + 1)],
    ["more than 5 minutes ahead", 5 * 60 * 1000 + 1],
  ])("refuses a timestamp %s", async (_, offset) => {
    const h = await startCortex();
    const res = await h.call("GET", statusPath, { auth: { scheme: "advanced", timestamp: h.clock.now() + offset } });
    expect(res.status).toBe(401);
    expect(res.json.reply.err_msg).toMatch(/timestamp/);
  });

  it("accepts a timestamp exactly 5 minutes off", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", timestamp: h.clock.now() - 5 * 60 * 1000 } })).status).toBe(404);
  });

  it("refuses an advanced key sent raw, as a standard key would be", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "standard", id: ADVANCED.id, key: ADVANCED.key } })).status).toBe(401);
  });

  it("refuses a standard key with the wrong key text", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "standard", key: `${STANDARD.key}x` } })).status).toBe(401);
  });

  it("refuses an unknown key id", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "advanced", id: "999" } })).status).toBe(401);
  });

  it("refuses a request without x-xdr-auth-id and Authorization", async () => {
    const h = await startCortex();
    expect((await h.call("GET", statusPath, { auth: { scheme: "none" } })).status).toBe(401);
  });

  it("refuses an advanced request without nonce and timestamp headers", async () => {
    const h = await startCortex();
    const res = await h.call("GET", statusPath, { auth: { scheme: "none" }, headers: { "x-xdr-auth-id": ADVANCED.id, authorization: "0".repeat(64) } });
    expect(res.status).toBe(401);
  });

  it("answers 403 User not Authorized for a key whose role lacks network_scanners_action", async () => {
    const h = await startCortex({ extraKeys: [{ id: "43", key: "viewer-key-1234567890", type: "standard", permitted: false }] });
    const res = await h.call("GET", statusPath, { auth: { scheme: "standard", id: "43", key: "viewer-key-1234567890" } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ err_msg: "User not Authorized" });
  });
});
