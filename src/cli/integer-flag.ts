import { InvalidArgumentError } from "commander";

/** A commander parser for a whole-number flag within [min, max]. */
export function parseInteger(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}.`);
    return n;
  };
}
