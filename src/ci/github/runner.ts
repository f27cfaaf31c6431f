/**
 * The GitHub Actions runner's side channels: step outputs ($GITHUB_OUTPUT), the job summary
 * ($GITHUB_STEP_SUMMARY), the event payload ($GITHUB_EVENT_PATH) and workflow commands on stdout
 * (`::error file=…,line=…::`). Values are escaped as the runner documents; nothing secret is
 * ever passed here.
 */
import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";
import { ScanformError, type Diagnostic } from "../../core/errors.js";
import { readRegularFile, type BoundedRead } from "../../core/regular-file.js";
import type { Writable } from "../../core/writable.js";
import { escapeData as data, escapeProperty as property } from "../../render/workflow-commands.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** Appends `name=value` outputs; a value with a newline uses the documented delimiter form. */
export async function setOutputs(env: Env, outputs: Readonly<Record<string, string | number | boolean>>): Promise<void> {
  const file = env["GITHUB_OUTPUT"];
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, raw]) => {
    const value = String(raw);
    if (!value.includes("\n")) return `${name}=${value}\n`;
    const delimiter = `scanform_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  await appendFile(file, lines.join(""));
}

export async function appendSummary(env: Env, markdown: string): Promise<void> {
  const file = env["GITHUB_STEP_SUMMARY"];
  if (file) await appendFile(file, `${markdown.trimEnd()}\n\n`);
}

/** GitHub caps a webhook's payload at 25 MB; an event file larger than this is not the runner's. */
export const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * The pull request number of a `pull_request` / `pull_request_target` event; undefined for others.
 * The file is read as hostile input: a regular file, within `maxBytes`, valid JSON, or a coded error
 * (the plan comment is what a merge is later checked against, so it must not be skipped silently).
 */
export async function pullRequestNumber(env: Env, maxBytes = MAX_EVENT_BYTES): Promise<number | undefined> {
  const path = env["GITHUB_EVENT_PATH"];
  if (!path) return undefined;
  const event = await readEvent(path, maxBytes);
  const pr = typeof event === "object" && event !== null && "pull_request" in event ? (event.pull_request as { number?: unknown }) : undefined;
  return typeof pr?.number === "number" ? pr.number : undefined;
}

async function readEvent(path: string, maxBytes: number): Promise<unknown> {
  const refuse = (why: string): ScanformError =>
    new ScanformError("CLI_BAD_ENVIRONMENT", `GITHUB_EVENT_PATH names ${path}, which ${why}.`, {
      hint: "GitHub's runner sets it to the event's payload; unset it, or point it at that file.",
      detail: { variable: "GITHUB_EVENT_PATH" },
    });
  let read: BoundedRead;
  try {
    read = await readRegularFile(path, maxBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "unknown error"})`);
  }
  if (!read.ok) throw refuse(read.problem === "too-large" ? `is larger than ${maxBytes.toLocaleString("en-US")} bytes` : `is ${read.kind}, not a file`);
  try {
    return JSON.parse(read.bytes.toString("utf8")) as unknown;
  } catch {
    throw refuse("is not valid JSON");
  }
}

/** `::error file=F,line=L,col=C,title=CODE::message`, one per error diagnostic with a source. */
export function annotate(out: Writable, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const command = d.severity === "error" ? "error" : "warning";
    const where = d.source ? `file=${property(d.source.file)},line=${d.source.line},col=${d.source.column},` : "";
    out.write(`::${command} ${where}title=${property(`scanform ${d.code}`)}::${data(`${d.message}${d.hint ? ` — ${d.hint}` : ""}`)}\n`);
  }
}
