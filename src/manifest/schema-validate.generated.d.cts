// The type of the generated validator (schema-validate.generated.cjs); do not edit.
import type { ValidateFunction } from "ajv";
declare const validate: ValidateFunction;
export = validate;
