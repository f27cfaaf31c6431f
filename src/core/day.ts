/**
 * A calendar day as manifests write expiry dates (YYYY-MM-DD, UTC). Expiries compare as strings
 * against it, so every "today" must be spelled by this one rule.
 */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
