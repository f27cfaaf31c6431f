/** Ids out of answers and out of other addresses, with an error a person can act on when absent. */
import { ScanformError } from "../../core/errors.js";
import type { Address } from "../../core/address.js";
import type { StepContext } from "../driver.js";
import { OBJECT_ID_PATTERN, VENDOR } from "./api.js";
import { invalidInput } from "./errors.js";
import { textOf, type XmlRecord } from "./xml.js";

/** The id a create answered with (§2.2: `<data><WebApp><id>…</id>…`). */
export function idOf(items: readonly XmlRecord[], address: Address): string {
  const id = textOf(items[0], "id");
  // An id Qualys never issues would go into state and every later request's path: the answer is
  // not trusted, and the object is read back by name as for an answer that lost its id.
  if (id === undefined || !OBJECT_ID_PATTERN.test(id)) {
    throw new ScanformError("VENDOR_AMBIGUOUS", `${VENDOR}: ${address}: Qualys answered SUCCESS without ${id === undefined || id === "" ? "an id" : "an id it issues (a number)"}`, {
      hint: "scanform reads the vendor back by name before it acts again.",
      detail: { vendor: VENDOR, address },
    });
  }
  return id;
}

/** The Qualys id of a referenced address (a web app, a profile), as state or observation knows it. */
export function refId(address: Address, ref: Address, ctx: Pick<StepContext, "idsOf">): string {
  const id = ctx.idsOf(ref)?.["id"];
  if (id === undefined) throw invalidInput(address, `${ref} has no Qualys id yet`, `Apply ${ref} first, or check that it exists at Qualys.`);
  return id;
}
