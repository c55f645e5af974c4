/**
 * `@cachex-js/structures`: Redis hashes, sorted sets, lists and sets on a cachex RedisCache, with the
 * cache's keys, versions, codec and failure semantics.
 */
export { structureMethods, withStructures, STRUCTURE_METHOD_NAMES, type StructureMethods } from './structures.js'
export { StructureRunner, type RunSpec, type StructureRequest, type LuaScript } from './structure-runner.js'
export { atVersion, isAtVersion, type AtVersion, type StringsAndOptions } from './call-options.js'
export type { HashCommands, HashMapping } from './hash-commands.js'
export type {
  SortedSetCommands,
  ScoreBound,
  ScoredMember,
  ZrangeOptions,
  ZrangeByScoreOptions,
} from './sorted-set-commands.js'
export type { ScoreMapping, ZaddOptions } from './zadd.js'
export type { ListCommands, ListSide, LposOptions } from './list-commands.js'
export type { SetCommands } from './set-commands.js'
