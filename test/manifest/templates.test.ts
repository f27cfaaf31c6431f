import { describe, expect, it } from "vitest";
import { ScanformError } from "../../src/core/errors.js";
import { resolveTemplate } from "../../src/manifest/index.js";
import { templateProblem } from "../../src/manifest/templates.js";

describe("resolveTemplate", () => {
  it("replaces every ${VAR} from the environment", () => {
    expect(resolveTemplate("https://${HOST}:${PORT}/api", { HOST: "qualys.example", PORT: "8443" }, "vendors.qualys.url")).toBe(
      "https://qualys.example:8443/api",
    );
  });

  it("leaves text without references alone", () => {
    expect(resolveTemplate("https://asm.hexiosec.com/api", {}, "vendors.hexiosec.url")).toBe("https://asm.hexiosec.com/api");
  });

  it("throws MANIFEST_ENV_MISSING naming the variable and the setting", () => {
    const attempt = () => resolveTemplate("${QUALYS_PASSWORD}", {}, "vendors.qualys.password");
    expect(attempt).toThrow(ScanformError);
    expect(attempt).toThrow("vendors.qualys.password needs the environment variable QUALYS_PASSWORD, which is not set");
    try {
      attempt();
    } catch (e) {
      expect((e as ScanformError).code).toBe("MANIFEST_ENV_MISSING");
    }
  });

  it("treats a name every object inherits (constructor, __proto__) as a variable like any other", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      expect(() => resolveTemplate(`\${${name}}`, {}, "vendors.qualys.password")).toThrow(/needs the environment variable/);
    }
  });

  it("treats an empty variable as missing, and says it is empty rather than not set", () => {
    expect(() => resolveTemplate("${KEY}", { KEY: "" }, "vendors.cortex.key")).toThrow("vendors.cortex.key needs the environment variable KEY, which is empty");
  });

  it("names every missing variable of a template at once", () => {
    expect(() => resolveTemplate("postgres://${PG_USER}:${PG_PASSWORD}@db/scanform", { PG_PASSWORD: "" }, "state.url")).toThrow(
      "2 environment variables are missing or empty:\n  - state.url needs the environment variable PG_USER, which is not set\n  - state.url needs the environment variable PG_PASSWORD, which is empty",
    );
  });

  it("never puts a resolved value into its error", () => {
    try {
      resolveTemplate("${USER_NAME}:${PASSWORD}", { USER_NAME: "alice-secret-user" }, "state.url");
    } catch (e) {
      expect(JSON.stringify({ message: (e as Error).message, detail: (e as ScanformError).detail })).not.toContain("alice-secret-user");
    }
  });
});

describe("templateProblem", () => {
  it.each([
    ["${OK_NAME}", undefined],
    ["plain $text", undefined],
    ["${1BAD}", '"${1BAD}" is not a valid environment reference'],
    ["${}", '"${}" is not a valid environment reference'],
    ["${UNCLOSED", "an environment reference opened with ${ is never closed with }"],
  ])("%s", (text, problem) => {
    expect(templateProblem(text)).toBe(problem);
  });
});
