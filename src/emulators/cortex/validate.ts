/**
 * A small validator in the manner of the pydantic models behind netscan (vendors/cortex.md §1.5:
 * "Field required", "Extra inputs are not permitted"): it collects every problem with its dotted
 * field path. It is strict on purpose (no "5" for 5, no 1 for "1"): the sheet insists the flags
 * are strings, and a driver that sends the wrong type should fail here, not at a tenant.
 */
import type { JsonValue } from "../../core/json.js";
import type { FieldAndMessage } from "./wire.js";
import { appendAll } from "../../core/arrays.js";

export type Rule =
  | { readonly t: "int"; readonly min?: number; readonly max?: number }
  | { readonly t: "string"; readonly minLength?: number; readonly maxLength?: number; readonly format?: "uuid" | "timezone" }
  | { readonly t: "bool" }
  | { readonly t: "enum"; readonly values: readonly string[] }
  | { readonly t: "array"; readonly items: Rule; readonly minItems?: number }
  | { readonly t: "object"; readonly fields: Readonly<Record<string, Field>> };

export interface Field {
  readonly rule: Rule;
  readonly required: boolean;
}

export const req = (rule: Rule): Field => ({ rule, required: true });
export const opt = (rule: Rule): Field => ({ rule, required: false });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validate(value: JsonValue | undefined, rule: Rule, field = ""): FieldAndMessage[] {
  const fail = (message: string): FieldAndMessage[] => [{ field: field || "body", message }];
  switch (rule.t) {
    case "int": {
      if (typeof value !== "number" || !Number.isInteger(value)) return fail("Input should be a valid integer");
      if (rule.min !== undefined && value < rule.min) return fail(`Input should be greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) return fail(`Input should be less than or equal to ${rule.max}`);
      return [];
    }
    case "string": {
      if (typeof value !== "string") return fail("Input should be a valid string");
      // Characters, as Pydantic (whose messages these are) and JSON Schema count them, not UTF-16 units.
      const length = [...value].length;
      if (rule.minLength !== undefined && length < rule.minLength) return fail(`String should have at least ${rule.minLength} character${rule.minLength === 1 ? "" : "s"}`);
      if (rule.maxLength !== undefined && length > rule.maxLength) return fail(`String should have at most ${rule.maxLength} characters`);
      if (rule.format === "uuid" && !UUID.test(value)) return fail("Input should be a valid UUID");
      if (rule.format === "timezone" && !isTimeZone(value)) return fail("Input should be a valid IANA time zone name");
      return [];
    }
    case "bool":
      return typeof value === "boolean" ? [] : fail("Input should be a valid boolean");
    case "enum":
      return typeof value === "string" && rule.values.includes(value) ? [] : fail(`Input should be ${oneOf(rule.values)}`);
    case "array": {
      if (!Array.isArray(value)) return fail("Input should be a valid list");
      const items = value as readonly JsonValue[];
      if (rule.minItems !== undefined && items.length < rule.minItems) return fail(`List should have at least ${rule.minItems} item after validation, not ${items.length}`);
      return items.flatMap((item, i) => validate(item, rule.items, join(field, String(i))));
    }
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return fail("Input should be a valid dictionary or object to extract fields from");
      const obj = value as { readonly [k: string]: JsonValue };
      const problems: FieldAndMessage[] = [];
      for (const [name, f] of Object.entries(rule.fields)) {
        const v = obj[name];
        if (v === undefined) {
          if (f.required) problems.push({ field: join(field, name), message: "Field required" });
        } else appendAll(problems, validate(v, f.rule, join(field, name)));
      }
      for (const name of Object.keys(obj)) {
        if (!Object.hasOwn(rule.fields, name)) problems.push({ field: join(field, name), message: "Extra inputs are not permitted" });
      }
      return problems;
    }
  }
}

const join = (a: string, b: string): string => (a === "" ? b : `${a}.${b}`);

function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
