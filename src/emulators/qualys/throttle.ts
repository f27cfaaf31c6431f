/**
 * The 409 answer of a refused call (vendors/qualys.md §5): the FO-style X-RateLimit-* and
 * X-Concurrency-Limit-* headers, so a client can pace itself to the limits it is told, and a QPS
 * envelope with LIMIT_EXCEEDED. Only limits actually in force are advertised, never invented ones.
 */
import type { EmuResponse, ThrottleLimits } from "../core/types.js";
import { QpsError, failure } from "./envelope.js";

/** The emulator framework counts its rate over a sliding one-second window. */
const RATE_WINDOW_SEC = 1;

export function throttledAnswer(reason: "rate" | "concurrency", retryAfterSeconds: number, limits: ThrottleLimits = {}): EmuResponse {
  const headers: Record<string, string> = { "x-ratelimit-towait-sec": String(retryAfterSeconds) };
  if (limits.ratePerSecond !== undefined) headers["x-ratelimit-limit"] = String(limits.ratePerSecond);
  if (limits.ratePerSecond !== undefined || reason === "rate") headers["x-ratelimit-window-sec"] = String(RATE_WINDOW_SEC);
  // A concurrency refusal happens before the rate window is counted, so only a rate refusal knows it is empty.
  if (reason === "rate") headers["x-ratelimit-remaining"] = "0";
  // The FO API sends the pair together: the running count means nothing without the limit.
  if (limits.concurrency !== undefined) {
    headers["x-concurrency-limit-limit"] = String(limits.concurrency);
    if (limits.running !== undefined) headers["x-concurrency-limit-running"] = String(limits.running);
  }
  const message = reason === "rate" ? "API rate limit exceeded." : "API concurrency limit exceeded.";
  return failure({ xsd: "3.0/was/webapp", host: "http://127.0.0.1" }, new QpsError("LIMIT_EXCEEDED", message, `Retry after ${retryAfterSeconds} seconds.`), 409, headers);
}
