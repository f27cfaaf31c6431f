/**
 * An address's identity is its kind and the vendor ids known for it: what the vendor answered
 * (found by name, then by state's ids) before what state recorded, and nothing for an address
 * nobody knows ids for.
 */
import { describe, expect, it } from "vitest";
import type { StateEntry } from "../../src/state/model.js";
import { indexObservations } from "../../src/plan/observed-index.js";
import { addressIdentities } from "../../src/plan/respell.js";
import type { ObservedObject } from "../../src/vendors/driver.js";
import { entry, observations, observed } from "./fakes.js";

const identities = (state: readonly StateEntry[], objects: readonly ObservedObject[]) =>
  addressIdentities(new Map(state.map((e) => [e.address, e])), indexObservations(observations(objects), []));

describe("address identities", () => {
  it("are the kind and the ids state recorded when no vendor answered for the address", () => {
    const identity = identities([entry("qualys.profile.standard", {}, { ids: { id: "9" } })], []);
    expect(identity("qualys.profile.standard")).toBe('qualys.profile#{"id":"9"}');
  });

  it("take the ids of the object found by state's ids over the ids state recorded", () => {
    const identity = identities([entry("qualys.profile.standard", {}, { ids: { id: "9" } })], [observed("qualys.profile.standard", {}, { ids: { id: "9", uuid: "u-9" } })]);
    expect(identity("qualys.profile.standard")).toBe('qualys.profile#{"id":"9","uuid":"u-9"}');
  });

  it("take the ids of an object found by name over those of one found by state's ids", () => {
    const identity = identities([], [observed("qualys.profile.standard", {}, { ids: { id: "9" } }), observed("qualys.profile.standard", {}, { match: "name", ids: { id: "10" } })]);
    expect(identity("qualys.profile.standard")).toBe('qualys.profile#{"id":"10"}');
  });

  it("give two keys of one vendor object the same identity", () => {
    const identity = identities([], [observed("qualys.profile.standard", {}, { match: "name", ids: { id: "9" } }), observed("qualys.profile.initial", {}, { match: "name", ids: { id: "9" } })]);
    expect(identity("qualys.profile.standard")).toBe(identity("qualys.profile.initial"));
  });

  it("are none for an address with no ids, a value that is no address, or a name Object's prototype has", () => {
    const identity = identities([entry("qualys.profile.standard", {}, { ids: {} })], []);
    expect([identity("qualys.profile.standard"), identity("Initial WAS Options"), identity("__proto__"), identity("constructor")]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
