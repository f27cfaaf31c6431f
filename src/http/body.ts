/**
 * Reading an answer's body with a cap on its size: streamed, counted as it arrives, and dropped the
 * moment it passes the cap, so a vendor (or a proxy, a WAF) cannot make scanform hold gigabytes.
 */
import { tooLargeFailure, type TransportFailure } from "./errors.js";

/** The body as text, or HTTP_TOO_LARGE once more than `maxBytes` have arrived (or been announced). */
export async function readBodyCapped(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, contentLength: string | string[] | undefined, maxBytes: number): Promise<string | TransportFailure> {
  const announced = typeof contentLength === "string" ? Number(contentLength) : Number.NaN;
  if (announced > maxBytes) {
    body.destroy();
    return tooLargeFailure(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += chunk.byteLength;
    // Leaving the loop destroys the stream, so the rest is never read.
    if (received > maxBytes) return tooLargeFailure(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
