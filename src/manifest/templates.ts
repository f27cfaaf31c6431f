/**
 * `${VAR}` templates. They are allowed only in `vendors` and `state` settings and are resolved
 * only when a vendor or backend is contacted, so `validate` and `plan` files never need or hold
 * a secret. Nothing here ever prints a variable's value.
 */
import { ScanformError } from "../core/errors.js";
import { ownEntry } from "../core/own.js";
import { quote } from "./quote.js";

const REFERENCE = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `text` is not a well-formed template, or undefined. */
export function templateProblem(text: string): string | undefined {
  for (const match of text.matchAll(REFERENCE)) {
    if (!NAME.test(match[1]!)) return `${quote(match[0])} is not a valid environment reference`;
  }
  const unclosed = text.replace(REFERENCE, "").indexOf("${");
  if (unclosed >= 0) return `an environment reference opened with \${ is never closed with }`;
  return undefined;
}

/** A variable a template needs that the environment does not give: never set, or set to "". */
export interface MissingVariable {
  readonly name: string;
  /** The setting that needs it, e.g. `vendors.qualys.password`. */
  readonly setting: string;
  readonly empty: boolean;
}

/** Every variable `template` needs that `env` lacks, in order of appearance. */
export function missingVariables(template: string, env: Readonly<Record<string, string | undefined>>, setting: string): MissingVariable[] {
  return [...template.matchAll(REFERENCE)].flatMap((match) => {
    const name = match[1]!;
    const value = ownEntry(env, name);
    return value === undefined || value === "" ? [{ name, setting, empty: value === "" }] : [];
  });
}

/** One error naming every missing variable, so a person fixes them all in one go. */
export function variablesMissing(missing: readonly MissingVariable[]): ScanformError {
  const lines = missing.map((m) => `${m.setting} needs the environment variable ${m.name}, which is ${m.empty ? "empty" : "not set"}`);
  const message = missing.length === 1 ? lines[0]! : `${missing.length} environment variables are missing or empty:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
  const names = [...new Set(missing.map((m) => m.name))];
  return new ScanformError("MANIFEST_ENV_MISSING", message, {
    hint: `Export ${names.join(", ")} where scanform runs${missing.some((m) => m.empty) ? " (an empty value counts as missing)" : ""}.`,
    detail: { variables: names, settings: missing.map((m) => m.setting) },
  });
}

/**
 * Resolves every `${VAR}` from `env`. `where` names the setting (e.g. `vendors.qualys.password`)
 * so the error tells the user which one needs the variable. An empty value counts as missing.
 */
export function resolveTemplate(template: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  const missing = missingVariables(template, env, where);
  if (missing.length > 0) throw variablesMissing(missing);
  return template.replace(REFERENCE, (_whole, name: string) => ownEntry(env, name) ?? "");
}

/** Sections whose settings may hold templates; anywhere else `${` would be taken literally. */
const TEMPLATED_SECTIONS = new Set(["vendors", "state"]);

export const templatesAllowedIn = (topLevelKey: string): boolean => TEMPLATED_SECTIONS.has(topLevelKey);

export const TEMPLATE_OUTSIDE_SETTINGS = "environment references like ${VAR} are allowed only in vendors and state settings";
