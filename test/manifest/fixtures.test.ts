/**
 * The corpus of bad manifests under test/fixtures/manifest/bad: each names the findings it must
 * produce, as `CODE@line:column`, in order. Nothing else may be reported as an error.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/core/errors.js";
import { loadDesired } from "../../src/manifest/index.js";
import { MAX_FILE_BYTES } from "../../src/manifest/files.js";

const BAD = "test/fixtures/manifest/bad";
const cwd = process.cwd();

const errorsOf = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.source ? `${d.source.line}:${d.source.column}` : "-"}`);

async function errorsFor(path: string, from = cwd): Promise<string[]> {
  const result = await loadDesired([path], { cwd: from });
  expect(result.ok).toBe(false);
  return result.ok ? [] : errorsOf(result.diagnostics);
}

describe("bad manifests are refused at the exact place", () => {
  it.each([
    // YAML
    ["yaml-unclosed-flow.yaml", ["MANIFEST_YAML_SYNTAX@7:1"]],
    ["yaml-bad-indent.yaml", ["MANIFEST_YAML_SYNTAX@5:1", "MANIFEST_YAML_SYNTAX@5:12", "MANIFEST_YAML_SYNTAX@5:12"]],
    ["duplicate-key.yaml", ["MANIFEST_DUPLICATE_KEY@7:7"]],
    ["custom-tag.yaml", ["MANIFEST_CUSTOM_TAG@4:23"]],
    ["binary-tag.yaml", ["MANIFEST_CUSTOM_TAG@4:22"]],
    ["alias-bomb.yaml", ["MANIFEST_ALIAS_LIMIT@5:36"]],
    ["unknown-anchor.yaml", ["MANIFEST_UNKNOWN_ANCHOR@7:23"]],
    ["binary-junk.yaml", ["MANIFEST_BINARY@4:17"]],
    ["invalid-utf8.yaml", ["MANIFEST_BINARY@4:21"]],
    // Schema
    ["top-level-list.yaml", ["MANIFEST_WRONG_TYPE@1:1"]],
    ["unknown-top-key.yaml", ["MANIFEST_UNKNOWN_KEY@3:1"]],
    ["unknown-resource-key.yaml", ["MANIFEST_UNKNOWN_KEY@7:7"]],
    ["wrong-type.yaml", ["MANIFEST_WRONG_TYPE@6:14"]],
    ["missing-key.yaml", ["MANIFEST_MISSING_KEY@3:5"]],
    ["bad-enum.yaml", ["MANIFEST_NOT_ALLOWED_VALUE@5:13"]],
    ["bad-resource-name.yaml", ["MANIFEST_BAD_NAME@3:5"]],
    ["empty-seeds.yaml", ["MANIFEST_BAD_LENGTH@6:14"]],
    ["ignore-unknown-field.yaml", ["MANIFEST_UNKNOWN_IGNORE_FIELD@7:25"]],
    ["bad-time.yaml", ["MANIFEST_BAD_TIME@9:39"]],
    ["bad-date.yaml", ["MANIFEST_BAD_DATE@9:55"]],
    ["bad-duration.yaml", ["MANIFEST_BAD_DURATION@10:24"]],
    ["duration-too-long.yaml", ["MANIFEST_BAD_DURATION@10:24"]],
    ["severity-out-of-range.yaml", ["MANIFEST_OUT_OF_RANGE@11:48"]],
    ["state-path-with-postgres.yaml", ["MANIFEST_NOT_ALLOWED_HERE@4:3"]],
    // Seeds and targets
    ["bad-cidr.yaml", ["MANIFEST_BAD_SEED@7:28"]],
    ["bad-ipv4.yaml", ["MANIFEST_BAD_SEED@7:11"]],
    ["bad-ipv6.yaml", ["MANIFEST_BAD_SEED@7:11"]],
    ["bad-domain.yaml", ["MANIFEST_BAD_SEED@8:11"]],
    ["range-reversed.yaml", ["MANIFEST_BAD_SEED@7:11"]],
    ["range-mixed-family.yaml", ["MANIFEST_BAD_SEED@7:11"]],
    ["cortex-domain-target.yaml", ["MANIFEST_BAD_TARGET@8:30"]],
    ["cortex-no-targets.yaml", ["MANIFEST_CORTEX_NO_TARGETS@3:5"]],
    // Schedules
    ["cortex-weekly-without-days.yaml", ["MANIFEST_SCHEDULE_MISMATCH@10:9"]],
    ["bad-timezone.yaml", ["MANIFEST_BAD_TIMEZONE@9:77"]],
    ["qualys-monthly.yaml", ["MANIFEST_QUALYS_MONTHLY@11:16"]],
    // Settings and secrets
    ["env-outside-settings.yaml", ["MANIFEST_ENV_NOT_ALLOWED@4:14"]],
    ["secret-literal.yaml", ["MANIFEST_SECRET_LITERAL@5:15"]],
    ["bad-template.yaml", ["MANIFEST_BAD_TEMPLATE@3:10"]],
    ["http-vendor-url.yaml", ["MANIFEST_BAD_URL@3:10"]],
    ["state-password-literal.yaml", ["MANIFEST_SECRET_LITERAL@3:8"]],
    // Without `//` the password parses as part of the path, unseen by the literal-secret check.
    ["state-url-without-host.yaml", ["MANIFEST_BAD_URL@3:8"]],
    ["webapp-bad-url.yaml", ["MANIFEST_BAD_URL@4:12"]],
    // References and names
    ["dangling-webapp.yaml", ["MANIFEST_UNKNOWN_REFERENCE@9:23"]],
    ["dangling-profile.yaml", ["MANIFEST_UNKNOWN_REFERENCE@10:16"]],
    ["qualys-no-profile.yaml", ["MANIFEST_QUALYS_NO_PROFILE@5:5"]],
    ["duplicate-name.yaml", ["MANIFEST_DUPLICATE_NAME@4:5"]],
    ["moved-to-unknown.yaml", ["MANIFEST_MOVED_TO_UNKNOWN@3:9"]],
    ["moved-kind-change.yaml", ["MANIFEST_MOVED_KIND_CHANGE@6:9"]],
    // Across files
    ["duplicate-address", ["MANIFEST_DUPLICATE_ADDRESS@4:5"]],
    ["duplicate-vendor-block", ["MANIFEST_DUPLICATE_BLOCK@4:3"]],
    // All at once
    [
      "many-errors.yaml",
      [
        "MANIFEST_BAD_SEED@8:11",
        "MANIFEST_BAD_SEED@9:11",
        "MANIFEST_UNKNOWN_KEY@10:7",
        "MANIFEST_UNKNOWN_REFERENCE@15:17",
        "MANIFEST_UNKNOWN_REFERENCE@16:16",
        "MANIFEST_QUALYS_MONTHLY@17:16",
        "MANIFEST_BAD_TIME@18:11",
        "MANIFEST_BAD_TIMEZONE@19:17",
        "MANIFEST_SECRET_LITERAL@22:15",
      ],
    ],
  ] as const)("%s", async (fixture, expected) => {
    expect(await errorsFor(`${BAD}/${fixture}`)).toEqual(expected);
  });
});

describe("inputs that are not manifests", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scanform-manifest-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a file over 5 MB at its first line", async () => {
    const file = join(dir, "huge.yaml");
    await writeFile(file, `# ${"x".repeat(MAX_FILE_BYTES)}\n`);
    expect(await errorsFor(file)).toEqual(["MANIFEST_FILE_TOO_LARGE@1:1"]);
  });

  it("reports a path that does not exist, without a location", async () => {
    expect(await errorsFor(join(dir, "nowhere"))).toEqual(["MANIFEST_PATH_NOT_FOUND@-"]);
  });

  it("reports a directory without manifests", async () => {
    await mkdir(join(dir, "docs-only"));
    await writeFile(join(dir, "docs-only", "README.md"), "# not a manifest\n");
    expect(await errorsFor(join(dir, "docs-only"))).toEqual(["MANIFEST_NO_FILES@-"]);
  });
});

describe("what the findings say", () => {
  it("names the file, the document path and a hint", async () => {
    const result = await loadDesired([`${BAD}/bad-cidr.yaml`], { cwd });
    expect(result.ok ? [] : result.diagnostics).toEqual([
      {
        code: "MANIFEST_BAD_SEED",
        severity: "error",
        message: '"203.0.113.0/33": prefix length 33 is out of range for IPv4 (0-32)',
        hint: "Write a domain (example.com), an address, a CIDR (203.0.113.0/24) or a range (a-b).",
        source: { file: `${BAD}/bad-cidr.yaml`, line: 7, column: 28, path: "hexiosec.scans.perimeter.seeds[1]" },
      },
    ]);
  });

  it("names both places of an address declared twice", async () => {
    const result = await loadDesired([`${BAD}/duplicate-address`], { cwd });
    expect(result.ok ? "" : result.diagnostics[0]!.message).toBe(
      `hexiosec.scan.perimeter is also declared at ${BAD}/duplicate-address/a.yaml:3:5`,
    );
  });

  it("never echoes a secret written literally", async () => {
    const result = await loadDesired([`${BAD}/secret-literal.yaml`, `${BAD}/state-password-literal.yaml`], { cwd });
    const text = JSON.stringify(result);
    expect(text).not.toContain("correct-horse-battery-staple");
    expect(text).not.toContain("s3cret");
  });

  it("suggests the key that was probably meant", async () => {
    const result = await loadDesired([`${BAD}/unknown-resource-key.yaml`], { cwd });
    expect(result.ok ? "" : result.diagnostics[0]!.hint).toBe('Did you mean "enabled"?');
  });

  it("gives the reason Qualys monthly schedules are refused", async () => {
    const result = await loadDesired([`${BAD}/qualys-monthly.yaml`], { cwd });
    expect(result.ok ? "" : result.diagnostics[0]!.message).toContain("the XSD that settles it is not public");
  });
});
