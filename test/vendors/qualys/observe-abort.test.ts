import { describe, expect, it } from "vitest";
import { ScanformError } from "../../../src/core/errors.js";
import type { QualysClient } from "../../../src/vendors/qualys/client.js";
import { createLookups } from "../../../src/vendors/qualys/lookups.js";
import { observe } from "../../../src/vendors/qualys/observe.js";
import { desired, failure, scheduleSpec, webAppSpec } from "./helpers.js";

describe("qualys observe: a read that fails for good", () => {
  it("cancels the other reads of the same observe at once", async () => {
    let scheduleSearch: AbortSignal | undefined;
    const client = {
      async searchObjects(object: string, _criteria: unknown, o: { readonly signal?: AbortSignal } = {}) {
        if (object === "webApp") throw new ScanformError("VENDOR_AUTH", "qualys.search.WebApp: HTTP 401");
        scheduleSearch = o.signal;
        // A read that only ends when it is cancelled, as one stuck in retries would.
        return new Promise((_resolve, reject) => o.signal?.addEventListener("abort", () => reject(new ScanformError("HTTP_ABORTED", "cancelled"))));
      },
    } as unknown as QualysClient;
    const request = { desired: [desired("webApp", "shop", webAppSpec("shop")), desired("schedule", "nightly", scheduleSpec("nightly", ["qualys.webApp.shop"]))], state: [] };
    const e = await failure(observe(request, { client, lookups: createLookups(client), slots: 2 }));
    expect(e.code).toBe("VENDOR_AUTH");
    expect(scheduleSearch?.aborted).toBe(true);
  });
});
