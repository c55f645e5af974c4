import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/** Where every run of the harness keeps its state: `<tmpdir>/cachex-testkit-redis-<uid>/run-<pid>-<random>/`. */
export function stateRoot(): string {
  let uid: number | string
  try {
    uid = userInfo().uid
  } catch {
    uid = 'user'
  }
  return join(tmpdir(), `cachex-testkit-redis-${uid}`)
}
