// Appending one list to another. Spreading a list into push() passes every item as an argument, and a
// list of a few hundred thousand items (ENV lines, words of a large file) overflows the stack.

/** Appends every item of `items` to `target`, in order, in constant stack space. */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
