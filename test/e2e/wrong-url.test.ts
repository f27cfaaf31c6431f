/**
 * A vendor URL that does not lead to the vendor's API is named as such, with the URL and where to
 * set it, instead of a 404 being read as "that object does not exist"; a connection that fails
 * names the host and port it tried.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { runCli, startE2E, type E2E } from "./harness.js";

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

async function withUrl(files: string[], override: (env: Readonly<Record<string, string>>) => Record<string, string>, ...argv: string[]) {
  e2e = await startE2E({ files: ["settings.yaml", ...files] });
  return runCli(argv, { env: { ...e2e.env, ...override(e2e.env) }, cwd: e2e.dir });
}

describe("a vendor URL that leads elsewhere", () => {
  it("qualys with a wrong path: says the URL is wrong, names it and QUALYS_URL", async () => {
    const r = await withUrl(["qualys.yaml"], (env) => ({ QUALYS_URL: `${env["QUALYS_URL"]}/wrong` }), "plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(`from ${e2e!.env["QUALYS_URL"]}/wrong, on a path every qualys tenant serves: the qualys URL is wrong`);
    expect(r.stderr).toContain("Set vendors.qualys.url (or QUALYS_URL) to the qualys API base URL");
    expect(r.stderr).not.toContain("gone or outside the user's scope");
  });

  it("cortex pointed at another service: says the URL is wrong, not that the template does not exist", async () => {
    const r = await withUrl(["cortex.yaml"], (env) => ({ CORTEX_URL: env["QUALYS_URL"]! }), "apply", "--auto-approve");
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout + r.stderr).toContain(`from ${e2e!.env["QUALYS_URL"]}, on a path every cortex tenant serves: the cortex URL is wrong`);
    expect(r.stdout + r.stderr).not.toContain("does not exist at this tenant");
  });

  it("hexiosec with a wrong path: says the URL is wrong", async () => {
    const r = await withUrl(["hexiosec.yaml"], (env) => ({ HEXIOSEC_URL: env["HEXIOSEC_URL"]!.replace(/\/api$/, "/v2") }), "plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("the hexiosec URL is wrong");
    expect(r.stderr).toContain("(or HEXIOSEC_URL)");
  });

  it("reads like the golden file", async () => {
    const r = await withUrl(["qualys.yaml"], (env) => ({ QUALYS_URL: `${env["QUALYS_URL"]}/wrong` }), "plan");
    await expect(r.stderr.replaceAll(e2e!.env["QUALYS_URL"]!, "http://127.0.0.1:PORT")).toMatchFileSnapshot("__golden__/plan-wrong-qualys-url.txt");
  });
});

describe("a vendor URL nothing answers at", () => {
  it("names the host and port", async () => {
    const r = await withUrl(["qualys.yaml"], () => ({ QUALYS_URL: "http://127.0.0.1:9" }), "plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("to 127.0.0.1:9: connection refused: nothing is listening there");
  });
});
