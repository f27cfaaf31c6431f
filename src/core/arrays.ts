/**
 * `target.push(...items)` passes every item as an argument, and a call takes at most about
 * 120,000 of them before the stack overflows. Lists whose size a file or a vendor decides
 * (findings, files, pages) are appended here instead.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
