import { ConfigError } from './errors.js'

/** Options of {@link CodecRegistry.register}. */
export interface RegisterCodecOptions {
  /** Replace a codec already registered under the same id (including a built-in). Default `false`. */
  replace?: boolean
}

/** How one kind of codec is registered and checked (`serializer`, `compressor`). */
export interface CodecRegistryOptions<T extends { readonly id: string }> {
  /** The kind named in messages, e.g. `'serializer'`. */
  kind: string
  /** `Symbol.for` key: one registry per process, even with both the ESM and the CJS build loaded. */
  globalKey: string
  /** Registered at creation, in order. */
  builtIns: readonly T[]
  /** What is wrong with a candidate whose id is valid, or `undefined` when it fulfils the contract. */
  check: (candidate: Partial<T>, id: string) => string | undefined
}

/** One codec in a configuration: a registered id or an instance. */
export type CodecSpec<T> = string | T

const validId = /^[\x21-\x7e]{1,32}$/

/**
 * The registry behind `registerSerializer` / `registerCompressor` and the resolution of `serializer` /
 * `compressor` options into instances: codecs are found by their stable id, a third-party plugin registers
 * itself without touching core, and every configuration mistake is an `E_CONFIG` naming its field.
 */
export class CodecRegistry<T extends { readonly id: string }> {
  readonly #kind: string
  readonly #check: CodecRegistryOptions<T>['check']
  readonly #codecs: Map<string, T>

  constructor(options: CodecRegistryOptions<T>) {
    this.#kind = options.kind
    this.#check = options.check
    const key = Symbol.for(options.globalKey)
    const holder = globalThis as typeof globalThis & { [key: symbol]: Map<string, T> | undefined }
    this.#codecs = holder[key] ??= new Map<string, T>()
    for (const builtIn of options.builtIns) if (!this.#codecs.has(builtIn.id)) this.#codecs.set(builtIn.id, builtIn)
  }

  /** Throws `E_CONFIG` (naming `field`) unless `value` fulfils the codec contract. */
  assert(value: unknown, field: string = this.#kind): asserts value is T {
    const candidate = value as Partial<T> | null
    const id = typeof candidate === 'object' && candidate !== null ? candidate.id : undefined
    const problem =
      typeof candidate !== 'object' || candidate === null
        ? `expected a ${this.#kind} id or object, got ${candidate === null ? 'null' : typeof candidate}`
        : typeof id !== 'string' || !validId.test(id)
          ? `a ${this.#kind} id must be 1-32 printable ASCII characters, got ${JSON.stringify(id)}`
          : this.#check(candidate, id)
    if (problem !== undefined) {
      throw new ConfigError(`${field}: ${problem}`, {
        context: { field, ...(typeof id === 'string' ? { codec: id } : {}) },
      })
    }
  }

  /**
   * Makes a codec available by its id. Registering the same instance twice is a no-op; another instance
   * under a taken id throws `E_CONFIG` unless `replace` is set.
   */
  register(codec: T, options: RegisterCodecOptions = {}): void {
    this.assert(codec)
    const existing = this.#codecs.get(codec.id)
    if (existing !== undefined && existing !== codec && options.replace !== true) {
      throw new ConfigError(
        `${this.#kind} id '${codec.id}' is already registered; pass { replace: true } to replace it`,
        {
          context: { field: this.#kind, codec: codec.id },
        },
      )
    }
    this.#codecs.set(codec.id, codec)
  }

  /** The codec registered under `id`, or `undefined`. */
  get(id: string): T | undefined {
    return this.#codecs.get(id)
  }

  /** The ids of every registered codec, built-ins first. */
  ids(): string[] {
    return [...this.#codecs.keys()]
  }

  /**
   * Turns one spec or a list of specs into instances, in order (the first one writes). Throws `E_CONFIG`
   * naming the field (`field[i]` inside a list) for an unknown id, an invalid object, an empty list or an id
   * listed twice.
   */
  resolve(config: CodecSpec<T> | readonly CodecSpec<T>[], field: string, emptyHint = ''): T[] {
    const list = Array.isArray(config) ? (config as readonly CodecSpec<T>[]) : [config as CodecSpec<T>]
    if (list.length === 0) {
      throw new ConfigError(`${field}: needs at least one ${this.#kind}${emptyHint}`, { context: { field } })
    }
    const seen = new Set<string>()
    return list.map((spec, index) => {
      const itemField = Array.isArray(config) ? `${field}[${index}]` : field
      const codec = typeof spec === 'string' ? this.#lookup(spec, itemField) : spec
      if (typeof spec !== 'string') this.assert(codec, itemField)
      if (seen.has(codec.id)) {
        throw new ConfigError(`${itemField}: ${this.#kind} '${codec.id}' is listed twice`, {
          context: { field: itemField, codec: codec.id },
        })
      }
      seen.add(codec.id)
      return codec
    })
  }

  #lookup(id: string, field: string): T {
    const found = this.#codecs.get(id)
    if (found !== undefined) return found
    const register = `register${this.#kind[0]!.toUpperCase()}${this.#kind.slice(1)}()`
    throw new ConfigError(
      `${field}: unknown ${this.#kind} '${id}'; registered: ${this.ids().join(', ')} (register a plugin with ${register})`,
      { context: { field, codec: id } },
    )
  }
}
