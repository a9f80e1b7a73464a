// Appending one list to another. `a.push(...b)` passes every item of b as an argument, and a
// list of a few hundred thousand items (ENV lines, words of a large file) overflows the stack.

/** Appends every item of `items` to `target`, in order, in constant stack space. */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
