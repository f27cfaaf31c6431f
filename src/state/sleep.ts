/** Waiting between lock polls; never negative, so a passed deadline does not throw. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
