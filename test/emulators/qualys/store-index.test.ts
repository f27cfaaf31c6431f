import { describe, expect, it } from "vitest";
import { indexStore } from "../../../src/emulators/qualys/store-index.js";
import { emptyStore, type ScanRecord, type Store, type WebAppRecord } from "../../../src/emulators/qualys/store.js";

const webApp = (id: number, name: string): WebAppRecord => ({ id, name, url: "https://x.example/", defaultProfileId: null, defaultScanner: null, tagIds: [], createdDate: "", updatedDate: "" });
const scan = (id: number, webAppId: number, launchedAt: number): ScanRecord =>
  ({ id, name: `scan ${id}`, webApp: { id: webAppId, name: "", url: "" }, launchedAt }) as unknown as ScanRecord;
const storeWith = (part: Partial<Store>): Store => ({ ...emptyStore(), ...part });

describe("the Qualys emulator's indexes of one answer", () => {
  it("finds the first object with an id, as a scan of the store does", () => {
    const ix = indexStore(storeWith({ webApps: [webApp(1, "first"), webApp(1, "second")] }));
    expect(ix.webApp(1)?.name).toBe("first");
    expect(ix.webApp(2)).toBeUndefined();
  });

  it("takes the latest scan of a web app, and of two launched at once the one listed later", () => {
    const ix = indexStore(storeWith({ scans: [scan(1, 7, 100), scan(2, 7, 300), scan(3, 7, 300), scan(4, 7, 200), scan(5, 8, 900)] }));
    expect(ix.lastScan(7)?.id).toBe(3);
    expect(ix.lastScan(9)).toBeUndefined();
  });

  it("says a web app is scheduled when any schedule targets it", () => {
    const target = { webAppIds: [5, 6], multi: true, scannerAppliance: null, cancelOption: null };
    const ix = indexStore(storeWith({ schedules: [{ target } as unknown as Store["schedules"][number]] }));
    expect([ix.isScheduled(6), ix.isScheduled(7)]).toEqual([true, false]);
  });
});
