/** What a Change does. `reason` explains it to people; apply branches on the action alone. */
export const ACTIONS = ["no-op", "create", "update", "replace", "delete", "launch", "import", "forget"] as const;
export type Action = (typeof ACTIONS)[number];

export const isDestructive = (a: Action): boolean => a === "delete" || a === "replace";

/** Actions that call a vendor when applied (`forget` and `no-op` touch state only, or nothing). */
export const touchesVendor = (a: Action): boolean => a !== "no-op" && a !== "forget";

export type ActionCounts = { readonly [A in Action]: number };

export const countActions = (actions: Iterable<Action>): ActionCounts => {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const a of actions) counts[a] += 1;
  return counts;
};
