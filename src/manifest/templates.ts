/**
 * `${VAR}` templates. They are allowed only in `vendors` and `state` settings and are resolved
 * only when a vendor or backend is contacted, so `validate` and `plan` files never need or hold
 * a secret. Nothing here ever prints a variable's value.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { ScanformError, type Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES } from "./codes.js";
import type { DocumentSource, PathSegment } from "./source.js";

const REFERENCE = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `text` is not a well-formed template, or undefined. */
export function templateProblem(text: string): string | undefined {
  for (const match of text.matchAll(REFERENCE)) {
    if (!NAME.test(match[1]!)) return `${JSON.stringify(match[0])} is not a valid environment reference`;
  }
  const unclosed = text.replace(REFERENCE, "").indexOf("${");
  if (unclosed >= 0) return `an environment reference opened with \${ is never closed with }`;
  return undefined;
}

/** The variable names a template refers to, in order of appearance. */
export const templateVariables = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[1]!);

/**
 * Resolves every `${VAR}` from `env`. `where` names the setting (e.g. `vendors.qualys.password`)
 * so the error tells the user which one needs the variable. An empty value counts as missing.
 */
export function resolveTemplate(template: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  return template.replace(REFERENCE, (_whole, name: string) => {
    const value = env[name];
    if (value === undefined || value === "") {
      throw new ScanformError("MANIFEST_ENV_MISSING", `${where} needs the environment variable ${name}, which is not set`, {
        hint: `Export ${name} where scanform runs.`,
        detail: { variable: name, setting: where },
      });
    }
    return value;
  });
}

/** Sections whose settings may hold templates. */
const TEMPLATED_SECTIONS = new Set(["vendors", "state"]);

/** Every `${` written outside `vendors` and `state`: there it would be taken literally, so it is refused. */
export function templatesOutsideSettings(source: DocumentSource): Diagnostic[] {
  const root = source.doc.contents;
  const out: Diagnostic[] = [];
  if (!isMap(root)) return out;
  const path: PathSegment[] = [];
  const visit = (node: unknown): void => {
    if (isScalar(node)) {
      if (typeof node.value === "string" && node.value.includes("${")) {
        out.push({
          code: "MANIFEST_ENV_NOT_ALLOWED",
          severity: "error",
          message: `environment references like \${VAR} are allowed only in vendors and state settings`,
          hint: MANIFEST_CODES.MANIFEST_ENV_NOT_ALLOWED,
          source: source.locationOf(node as Node, path),
        });
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        path.push(isScalar(pair.key) ? String(pair.key.value) : "?");
        visit(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        visit(item);
        path.pop();
      });
    }
  };
  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key) || TEMPLATED_SECTIONS.has(String(pair.key.value))) continue;
    path.push(String(pair.key.value));
    visit(pair.value);
    path.pop();
  }
  return out;
}
