/**
 * The cleanup program, plain CommonJS run with `node -e` (so the built package needs no file path to it).
 * It reads its job from the `CACHEX_REDIS_CLEANUP` environment variable (JSON):
 *
 * - `{ "mode": "watch", "runDir", "ownerPid", "ownerStart", "exe", "intervalMs" }`: the watchdog. Polls the
 *   owner; exits quietly once `runDir` is gone (clean teardown); when the owner is gone (or is a zombie, or
 *   its pid now belongs to a younger process) it kills the run's redis processes and removes `runDir`.
 * - `{ "mode": "sweep", "root" }`: kills the processes of every run under `root` whose owner is dead,
 *   removes those run dirs, prints `{"runs":N,"killed":M}`.
 *
 * A process is killed only if its command line contains the run dir (every redis-server the harness
 * starts carries its config path there, via `proc-title-template ... {config-file}`) AND, where /proc
 * exists, its executable is the redis-server binary recorded for the run.
 */
export const CLEANUP_SCRIPT = String.raw`'use strict'
const fs = require('node:fs')
const path = require('node:path')
const cp = require('node:child_process')
const job = JSON.parse(process.env.CACHEX_REDIS_CLEANUP || '{}')
const hasProc = fs.existsSync('/proc/self/stat')

function stat(pid) {
  try {
    const text = fs.readFileSync('/proc/' + pid + '/stat', 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0], start: fields[19] }
  } catch (e) {
    return null
  }
}

function alive(pid, start) {
  try {
    process.kill(pid, 0)
  } catch (e) {
    if (e.code === 'ESRCH') return false
  }
  const s = stat(pid)
  if (s && s.state === 'Z') return false
  if (s && start && s.start !== start) return false
  return true
}

function processes() {
  if (hasProc) {
    const list = []
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      let cmd = ''
      let exe = ''
      try {
        cmd = fs.readFileSync('/proc/' + name + '/cmdline', 'utf8').split('\0').join(' ')
        exe = fs.readlinkSync('/proc/' + name + '/exe').replace(/ \(deleted\)$/, '')
      } catch (e) {}
      list.push({ pid: Number(name), cmd: cmd, exe: exe })
    }
    return list
  }
  const out = cp.execFileSync('ps', ['-axo', 'pid=,command='], { encoding: 'utf8' })
  return out.split('\n').map(function (line) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line)
    return m ? { pid: Number(m[1]), cmd: m[2], exe: '' } : null
  }).filter(Boolean)
}

function killRun(runDir, exe) {
  const marker = runDir + path.sep
  let killed = 0
  for (const p of processes()) {
    if (p.pid === process.pid || !p.cmd.includes(marker)) continue
    if (hasProc ? !exe || p.exe !== exe : !/redis/.test(p.cmd)) continue
    try {
      process.kill(p.pid, 'SIGKILL')
      killed++
    } catch (e) {}
  }
  fs.rmSync(runDir, { recursive: true, force: true })
  return killed
}

if (job.mode === 'watch') {
  const timer = setInterval(function () {
    if (!fs.existsSync(job.runDir)) process.exit(0)
    if (alive(job.ownerPid, job.ownerStart)) return
    clearInterval(timer)
    killRun(job.runDir, job.exe)
    process.exit(0)
  }, job.intervalMs || 200)
} else if (job.mode === 'sweep') {
  let runs = 0
  let killed = 0
  let names = []
  try {
    names = fs.readdirSync(job.root)
  } catch (e) {}
  for (const name of names) {
    if (!name.startsWith('run-')) continue
    const runDir = path.join(job.root, name)
    let owner = null
    try {
      owner = JSON.parse(fs.readFileSync(path.join(runDir, 'owner.json'), 'utf8'))
    } catch (e) {}
    if (owner ? alive(owner.pid, owner.start) : ageMs(runDir) < 60000) continue
    runs++
    killed += killRun(runDir, owner && owner.exe)
  }
  process.stdout.write(JSON.stringify({ runs: runs, killed: killed }))
}

function ageMs(dir) {
  try {
    return Date.now() - fs.statSync(dir).mtimeMs
  } catch (e) {
    return 0
  }
}
`
