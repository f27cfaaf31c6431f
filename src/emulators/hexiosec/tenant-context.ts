/** What the route handlers share: the tenant, the settings, time and ids. */
import type { Settings } from "./options.js";
import type { Tenant } from "./store.js";

export interface TenantContext {
  readonly tenant: Tenant;
  readonly settings: Settings;
  now(): number;
  newId(): string;
}
