/**
 * Name → id lookups of what scanform only reads: AM tags (search/am/tag v2.0, §9) and option
 * profiles (§8), one `name EQUALS` search per distinct name, remembered for the session so observe
 * and apply ask once.
 */
import { nameEquals, decodeNamed, type Named } from "./api.js";
import type { QualysClient } from "./client.js";
import { invalidInput } from "./errors.js";

export interface Lookups {
  /** Every object with exactly this name (Qualys does not keep names unique). */
  find(object: "tag" | "profile", name: string, signal?: AbortSignal): Promise<readonly Named[]>;
  /** Tag ids for names, in order; refuses a name that matches no tag or several. */
  tagIds(address: string, names: readonly string[], signal?: AbortSignal): Promise<readonly string[]>;
}

export function createLookups(client: QualysClient): Lookups {
  const cache = new Map<string, Promise<readonly Named[]>>();

  function find(object: "tag" | "profile", name: string, signal?: AbortSignal): Promise<readonly Named[]> {
    const key = `${object}\u0000${name}`;
    let found = cache.get(key);
    if (found === undefined) {
      // Qualys may compare names without regard to case; only an exact match names the object.
      found = client.searchAll(object, [nameEquals(name)], signal === undefined ? {} : { signal }).then((items) => items.map(decodeNamed).filter((x) => x.name === name));
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  }

  async function tagIds(address: string, names: readonly string[], signal?: AbortSignal): Promise<readonly string[]> {
    const found = await Promise.all(names.map((n) => find("tag", n, signal)));
    return names.map((name, i) => {
      const tags = found[i] ?? [];
      if (tags.length === 1) return tags[0]!.id;
      throw tags.length === 0
        ? invalidInput(address, `no tag named "${name}" at Qualys`, "Create the tag in Qualys Asset Management (or fix its name in the manifest); scanform does not create tags.")
        : invalidInput(address, `${tags.length} tags are named "${name}" at Qualys (ids ${tags.map((t) => t.id).join(", ")})`, "Rename the duplicates in Qualys Asset Management so the name is unique.");
    });
  }

  return { find, tagIds };
}
