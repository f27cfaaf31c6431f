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

/**
 * Resolves every `${VAR}` from `env`. `where` names the setting (e.g. `vendors.qualys.password`)
 * so the error tells the user which one needs the variable. An empty value counts as missing.
 */
export function resolveTemplate(template: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  return template.replace(REFERENCE, (_whole, name: string) => {
    const value = ownEntry(env, name);
    if (value === undefined || value === "") {
      throw new ScanformError("MANIFEST_ENV_MISSING", `${where} needs the environment variable ${name}, which is not set`, {
        hint: `Export ${name} where scanform runs.`,
        detail: { variable: name, setting: where },
      });
    }
    return value;
  });
}

/** Sections whose settings may hold templates; anywhere else `${` would be taken literally. */
const TEMPLATED_SECTIONS = new Set(["vendors", "state"]);

export const templatesAllowedIn = (topLevelKey: string): boolean => TEMPLATED_SECTIONS.has(topLevelKey);

export const TEMPLATE_OUTSIDE_SETTINGS = "environment references like ${VAR} are allowed only in vendors and state settings";
