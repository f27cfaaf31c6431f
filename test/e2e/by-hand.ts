/**
 * What a person does in a vendor's own console, outside scanform: calls straight to the emulator's
 * API with the credentials it accepts, so scanform meets objects it did not make.
 */
import type { E2E } from "./harness.js";

/** The Security group every emulated Hexiosec tenant starts with. */
export const SECURITY_GROUP_ID = "00000001-0001-0001-0001-000000000001";

async function hexiosec(e2e: E2E, method: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${e2e.env.HEXIOSEC_URL}${path}`, {
    method,
    headers: { "x-hexiosec-api-key": e2e.env.HEXIOSEC_API_KEY ?? "", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`hexiosec ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** Creates a Hexiosec scan by hand; resolves to its id. */
export async function createHexiosecScan(e2e: E2E, scan: { name: string; type: string }): Promise<string> {
  return (await hexiosec(e2e, "POST", "/v1/scans", { ...scan, scan_group_id: SECURITY_GROUP_ID })).id;
}

/** Adds a seed by hand, without the `scanform` tag. */
export async function addHexiosecSeed(e2e: E2E, scanId: string, seed: { name: string; type: string }): Promise<void> {
  await hexiosec(e2e, "POST", `/v1/scans/${encodeURIComponent(scanId)}/seeds`, seed);
}

/** Changes a Hexiosec scan by hand (`enabled`, `name`, ...). */
export async function updateHexiosecScan(e2e: E2E, scanId: string, patch: Record<string, unknown>): Promise<void> {
  await hexiosec(e2e, "PATCH", `/v1/scans/${encodeURIComponent(scanId)}`, patch);
}
