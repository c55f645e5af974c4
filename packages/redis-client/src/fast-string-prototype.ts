/**
 * Puts `String.prototype` back in V8's fast-properties mode, where a method call on a string (`s.charCodeAt(i)`,
 * `s.slice()`) reads the method from a constant, not a hash table.
 *
 * ioredis (like node-redis) declares `class VerbatimString extends String`. On V8 (Node 20), making
 * `String.prototype` the prototype of another object switches it to dictionary mode, and nothing switches it
 * back: from the moment ioredis is imported, every string method call in the process is 4-5x slower, and
 * cbor-x, which writes each string under 64 characters with `charCodeAt`, encodes a 10 KB record array in
 * ~95 us instead of ~40 us.
 *
 * V8 makes a prototype fast again when a property load with feedback goes through an object that inherits
 * from it; this does such loads, in a loop long enough for the function to get its feedback vector.
 * Nothing observable changes: the loads have no side effects and `String.prototype` keeps every property.
 * Code that ran while the prototype was slow keeps slower property loads, so this runs as soon as ioredis
 * is imported (at the top of `command-runner.ts`); once fast, a later `extends String` leaves it fast.
 * Self-contained (a test runs its source in a fresh process); returns the number of loads done.
 */
export function restoreFastStringPrototype(): number {
  const heir = Object.create(String.prototype) as { charCodeAt: unknown }
  let loads = 0
  for (let i = 0; i < 1000; i++) if (heir.charCodeAt !== undefined) loads++
  return loads
}
