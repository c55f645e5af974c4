/**
 * The cycle check of cachex's own value writers (`encode-plain-cbor.ts`, `encode-python-json.ts`): the objects on the
 * path from the top of the value being written to the one being written, each compared with the next object entered.
 */
export class WritePath {
  readonly #objects: unknown[] = []
  /** The deepest entry set since the last {@link clear}. */
  #deepest = 0

  /** Puts `value` on the path at `depth` (0 for the top value); `false` when it is on the path already: a cycle. */
  enter(value: object, depth: number): boolean {
    const objects = this.#objects
    for (let i = 0; i < depth; i++) if (objects[i] === value) return false
    objects[depth] = value
    if (depth > this.#deepest) this.#deepest = depth
    return true
  }

  /** Forgets every object entered: nothing of a written value stays reachable from the writer. */
  clear(): void {
    this.#objects.fill(undefined, 0, this.#deepest + 1)
    this.#deepest = 0
  }
}
