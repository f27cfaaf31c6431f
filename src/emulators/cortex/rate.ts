/**
 * The tenant's own limit (vendors/cortex.md §5): 10 API requests per second across all endpoints,
 * answered 429 "Too many requests". A sliding one-second window over admitted requests, on a
 * monotonic clock so a test that freezes vendor time still sees the window move.
 */
export interface TenantRate {
  /** True when admitted (and counted); false when over the limit. */
  admit(): boolean;
  reset(): void;
}

export function createTenantRate(perSecond: number, now: () => number): TenantRate {
  let starts: number[] = [];
  return {
    admit() {
      if (!Number.isFinite(perSecond)) return true;
      const t = now();
      const firstInWindow = starts.findIndex((s) => s > t - 1000);
      starts = firstInWindow < 0 ? [] : starts.slice(firstInWindow);
      if (starts.length >= perSecond) return false;
      starts.push(t);
      return true;
    },
    reset() {
      starts = [];
    },
  };
}
