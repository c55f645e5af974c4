/**
 * The home page: one card per panel, each driving its `/api/*` endpoint with a few lines of vanilla JS.
 */
import { page } from './layout.js'

function card(id: string, title: string, what: string, controls: string, redisOnly = false): string {
  return `<section class="card"${redisOnly ? ' data-redis-only' : ''} id="${id}">
<h2>${title}</h2><p class="what">${what}</p>${controls}</section>`
}

const BODY = `<div class="grid">
${card(
  'herd',
  'Herd-safe getOrSet',
  'A slow endpoint (300 ms) cached with <code>getOrSet</code>. The button clears it and fires 200 concurrent requests, spread over several app servers (caches with their own connections) sharing one Redis.',
  `<div class="row"><button class="primary" id="herd-fire" data-testid="herd-fire">Fire 200 concurrent requests</button></div>
<div class="out big" id="herd-result" data-testid="herd-result">–</div>`,
)}
${card(
  'rate',
  'Rate limiter',
  '<code>add</code> + <code>incr</code> + <code>expire</code>: 5 requests per 10 s window per client.',
  `<div class="row"><input id="rate-client" value="alice" size="10"><button id="rate-hit" data-testid="rate-hit">Send a request</button></div>
<div class="out" id="rate-result" data-testid="rate-result">–</div>`,
)}
${card(
  'board',
  'Leaderboard',
  'A sorted set: <code>zincrby</code>, then <code>zrange</code> with <code>desc</code> and <code>withscores</code>.',
  `<div class="row"><input id="board-player" value="ada" size="8"><input id="board-points" type="number" value="10" style="width:70px">
<button id="board-add" data-testid="board-add">Add points</button></div><pre id="board-result" data-testid="board-result">–</pre>`,
  true,
)}
${card(
  'profile',
  'Profile',
  'A hash: <code>hset</code> a field, <code>hincrby</code> the visits, <code>hgetall</code> the profile.',
  `<div class="row"><input id="profile-user" value="ada" size="6"><input id="profile-field" value="city" size="6"><input id="profile-value" value="London" size="8">
<button id="profile-set" data-testid="profile-set">Set</button><button id="profile-visit" data-testid="profile-visit">Visit</button></div>
<pre id="profile-result" data-testid="profile-result">–</pre>`,
  true,
)}
${card(
  'jobs',
  'Job queue',
  'Lists: <code>rpush</code> to pending; a worker claims with <code>lmove</code> (pending → processing, atomic), then moves it to done.',
  `<div class="row"><input id="jobs-task" value="resize image" size="12"><button id="jobs-add" data-testid="jobs-add">Enqueue</button>
<button id="jobs-work" data-testid="jobs-work">Work one</button></div><pre id="jobs-result" data-testid="jobs-result">–</pre>`,
  true,
)}
${card(
  'counter',
  'Lock-protected counter',
  '20 concurrent read-modify-write increments (get, pause 5 ms, set): without a lock updates get lost; under <code>withLock</code> each counts.',
  `<div class="row"><button id="counter-unlocked" data-testid="counter-unlocked">Without a lock</button>
<button class="primary" id="counter-locked" data-testid="counter-locked">With withLock</button></div>
<div class="out big" id="counter-result" data-testid="counter-result">–</div>`,
  true,
)}
${card(
  'versioning',
  'Versioned invalidation',
  'Publish a catalog at the current version; <code>incrVersion</code> moves it to the next one (TTL kept), so readers of the old version miss.',
  `<div class="row"><button id="versioning-publish" data-testid="versioning-publish">Publish</button>
<button id="versioning-bump" data-testid="versioning-bump">incrVersion</button></div><pre id="versioning-result" data-testid="versioning-result">–</pre>`,
)}
${card(
  'codecs',
  'Codecs',
  'One ~2 KB value stored by every serializer × compressor: bytes in Redis, the frame header, the first bytes, and whether the main cache (which lists every codec) reads it back.',
  `<div class="row"><button id="codecs-run" data-testid="codecs-run">Store the sample with every codec</button></div>
<div class="out" style="max-height:none"><table id="codecs-table" data-testid="codecs-table"><tr><th>serializer</th><th>compressor</th><th>bytes</th><th>stored as</th><th>reads back</th></tr></table></div>`,
)}
</div>`

const SCRIPT = `
function wire(button, run, target) {
  $(button).addEventListener("click", async () => {
    $(button).disabled = true;
    try { await run(); } catch (error) { show(target, String(error.message || error)); } finally { $(button).disabled = false; }
  });
}
document.addEventListener("demo-info", (event) => {
  if (event.detail.mode !== "memory") return;
  for (const section of document.querySelectorAll("[data-redis-only]")) {
    section.querySelectorAll("button").forEach((b) => (b.disabled = true));
    section.querySelector(".what").textContent += " (needs Redis)";
  }
});
wire("herd-fire", async () => {
  show("herd-result", "firing…");
  const r = await api("POST", "/api/herd/fire", { requests: 200 });
  show("herd-result", r.ok + " of " + r.requests + " requests over " + r.servers + " app servers: factory ran " +
    r.factoryRuns + (r.factoryRuns === 1 ? " time" : " times") + ", " + r.distinctValues +
    (r.distinctValues === 1 ? " distinct value" : " distinct values") + ", " + r.ms + " ms");
}, "herd-result");
wire("rate-hit", async () => {
  const r = await api("POST", "/api/rate-limit", { client: $("rate-client").value });
  show("rate-result", (r.allowed ? "allowed: " : "blocked: ") + "request " + r.count + " (limit " + r.limit + " per " +
    r.window + " s), window resets in " + r.resetsIn + " s");
}, "rate-result");
wire("board-add", async () => {
  const r = await api("POST", "/api/leaderboard", { player: $("board-player").value, points: Number($("board-points").value) });
  show("board-result", r.top.map((p, i) => (i + 1) + ". " + p.player + "  " + p.score).join("\\n") + "\\n(" + r.players + " players)");
}, "board-result");
const profileUrl = () => "/api/profile/" + encodeURIComponent($("profile-user").value);
wire("profile-set", async () => {
  show("profile-result", (await api("POST", profileUrl(), { field: $("profile-field").value, value: $("profile-value").value })).fields);
}, "profile-result");
wire("profile-visit", async () => show("profile-result", (await api("POST", profileUrl() + "/visit")).fields), "profile-result");
const showJobs = (r) => show("jobs-result", (r.worked ? "worked: " + JSON.stringify(r.worked) + "\\n" : "") +
  "pending:    " + JSON.stringify(r.pending) + "\\nprocessing: " + JSON.stringify(r.processing) + "\\ndone:       " + JSON.stringify(r.done));
wire("jobs-add", async () => showJobs(await api("POST", "/api/jobs", { task: $("jobs-task").value })), "jobs-result");
wire("jobs-work", async () => showJobs(await api("POST", "/api/jobs/work")), "jobs-result");
for (const locked of [false, true]) {
  wire(locked ? "counter-locked" : "counter-unlocked", async () => {
    show("counter-result", "racing…");
    const r = await api("POST", "/api/counter/race", { workers: 20, locked });
    show("counter-result", (locked ? "with withLock: " : "without a lock: ") + r.value + " of " + r.workers +
      " increments kept" + (r.lost > 0 ? " (" + r.lost + " lost)" : "") + ", " + r.ms + " ms");
  }, "counter-result");
}
wire("versioning-publish", async () => show("versioning-result", await api("POST", "/api/versioning/publish")), "versioning-result");
wire("versioning-bump", async () => show("versioning-result", await api("POST", "/api/versioning/bump")), "versioning-result");
wire("codecs-run", async () => {
  const r = await api("POST", "/api/codecs");
  const table = $("codecs-table");
  while (table.rows.length > 1) table.deleteRow(1);
  for (const row of r.rows) {
    const tr = table.insertRow();
    for (const cell of [row.serializer, row.compressor, row.bytes, row.header, row.readsBack ? "yes" : "NO"]) {
      tr.insertCell().textContent = String(cell);
    }
    tr.title = row.preview;
  }
  const caption = table.createCaption();
  caption.textContent = "JSON text: " + r.jsonBytes + " bytes" + (r.stored ? " · bytes read back from Redis" : " · encoded in process");
}, "codecs-table");
`

/** The home page's HTML. */
export function homePage(): string {
  return page({
    title: 'cachex demo',
    nav: '<a href="/browser">cache browser →</a>',
    body: BODY,
    script: SCRIPT,
  })
}
