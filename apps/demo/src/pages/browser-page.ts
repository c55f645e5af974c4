/**
 * The cache browser page (django-cachex's admin, in the browser): live stats, keys by glob with SCAN
 * paging, each key's type, TTL and decoded value, editing a value or a TTL, deleting keys. The token for
 * edits comes from the URL fragment printed at start (`#token=...`, never sent to the server in a URL)
 * or the token field, and is kept in sessionStorage.
 */
import { page } from './layout.js'
import { TOKEN_HEADER } from '../security.js'

const BODY = `
<div class="stats">
  <div class="stat"><b data-testid="stat-hits" id="stat-hits">–</b><span>hits</span></div>
  <div class="stat"><b data-testid="stat-misses" id="stat-misses">–</b><span>misses</span></div>
  <div class="stat"><b data-testid="stat-ratio" id="stat-ratio">–</b><span>hit ratio</span></div>
  <div class="stat"><b data-testid="stat-keys" id="stat-keys">–</b><span>keys in the database</span></div>
  <div class="stat"><b data-testid="stat-memory" id="stat-memory">–</b><span>memory</span></div>
  <div class="stat"><b data-testid="stat-backend" id="stat-backend" style="font-size:14px">–</b><span>backend</span></div>
</div>
<div class="browser">
<section class="card">
  <form class="row" id="search-form">
    <input id="pattern" data-testid="pattern" value="*" size="22" title="glob over user keys: * ? [abc]">
    <select id="count"><option>20</option><option selected>50</option><option>200</option></select>
    <button class="primary" type="submit" data-testid="search">Search</button>
    <button type="button" id="delete-selected" data-testid="delete-selected">Delete selected</button>
  </form>
  <div class="row"><label>token <input id="token" data-testid="token" type="password" size="34" placeholder="printed at start"></label></div>
  <div class="msg" id="message" data-testid="message"></div>
  <table id="keys" data-testid="keys"><thead><tr><th></th><th>key</th><th>v</th><th>type</th><th>TTL</th></tr></thead><tbody></tbody></table>
  <div class="row"><button type="button" id="more" data-testid="more" hidden>More (SCAN continues)</button>
  <span id="listed" data-testid="listed" class="what"></span></div>
</section>
<section class="card" id="detail" data-testid="detail" hidden>
  <h2 id="detail-key" data-testid="detail-key" class="key"></h2>
  <p class="what" id="detail-meta" data-testid="detail-meta"></p>
  <pre id="detail-value" data-testid="detail-value"></pre>
  <div id="edit-value-box"><p class="what">New value (JSON):</p>
  <textarea id="edit-value" data-testid="edit-value"></textarea>
  <div class="row"><button class="primary" id="save-value" data-testid="save-value">Save value</button></div></div>
  <div class="row">TTL <input id="edit-ttl" data-testid="edit-ttl" size="8" placeholder="seconds"> s
  <button id="save-ttl" data-testid="save-ttl">Save TTL</button><span class="what">(empty = never expire)</span></div>
  <div class="row"><button id="delete-key" data-testid="delete-key">Delete this key</button></div>
</section>
</div>`

const SCRIPT = `
const TOKEN_HEADER = ${JSON.stringify(TOKEN_HEADER)};
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) { sessionStorage.setItem("demo-token", fromHash); history.replaceState(null, "", location.pathname); }
$("token").value = sessionStorage.getItem("demo-token") || "";
$("token").addEventListener("change", () => sessionStorage.setItem("demo-token", $("token").value.trim()));
const edit = (method, url, body) => api(method, url, body, { [TOKEN_HEADER]: $("token").value.trim() });
const message = (text, ok) => { $("message").textContent = text; $("message").className = "msg " + (ok ? "ok" : "bad"); };
let cursor = "0";
let current = null;
const selected = new Set();
const ttlText = (ttl) => (ttl === null ? "∞" : ttl + " s");

async function refreshStats() {
  try {
    const s = await api("GET", "/api/browser/stats");
    $("stat-hits").textContent = s.hits === null ? "n/a" : String(s.hits);
    $("stat-misses").textContent = s.misses === null ? "n/a" : String(s.misses);
    $("stat-ratio").textContent = s.hitRatio === null ? "n/a" : (s.hitRatio * 100).toFixed(1) + " %";
    $("stat-keys").textContent = String(s.keys);
    $("stat-memory").textContent = s.memory === null ? "n/a" : s.memory;
    $("stat-backend").textContent = s.backend;
  } catch (error) { $("stat-backend").textContent = "stats unavailable"; }
}

function addRows(keys) {
  const body = $("keys").tBodies[0];
  for (const k of keys) {
    const tr = body.insertRow();
    tr.dataset.id = k.id;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", () => (box.checked ? selected.add(k.id) : selected.delete(k.id)));
    tr.insertCell().appendChild(box);
    const keyCell = tr.insertCell();
    keyCell.className = "key";
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = k.key;
    link.dataset.testid = "key-link";
    link.addEventListener("click", (event) => { event.preventDefault(); void open(k.id); });
    keyCell.appendChild(link);
    tr.insertCell().textContent = String(k.version);
    const type = document.createElement("span");
    type.className = "tag";
    type.textContent = k.type;
    tr.insertCell().appendChild(type);
    tr.insertCell().textContent = ttlText(k.ttl);
  }
  $("listed").textContent = body.rows.length + " keys listed" + (cursor === "0" ? " (scan complete)" : "");
}

async function search(more) {
  if (!more) { cursor = "0"; selected.clear(); $("keys").tBodies[0].replaceChildren(); }
  const params = new URLSearchParams({ pattern: $("pattern").value, cursor, count: $("count").value });
  const page = await api("GET", "/api/browser/keys?" + params);
  cursor = page.cursor;
  addRows(page.keys);
  $("more").hidden = cursor === "0";
}

async function open(id) {
  const d = await api("GET", "/api/browser/key?" + new URLSearchParams({ id }));
  current = d;
  $("detail").hidden = false;
  $("detail-key").textContent = d.key;
  $("detail-meta").textContent = d.id + " · version " + d.version + " · " + d.type + " · TTL " + ttlText(d.ttl) +
    " · " + d.size + (d.type === "string" ? " bytes" : " elements") + (d.encoding ? " · " + d.encoding : "");
  $("detail-value").textContent = d.error ? "(" + d.error + ")" : d.value.text;
  $("edit-value-box").hidden = d.type !== "string";
  $("edit-value").value = d.value ? (d.value.json !== undefined ? d.value.json : JSON.stringify(d.value.text)) : "";
  $("edit-ttl").value = d.ttl === null ? "" : String(Math.round(d.ttl));
  for (const tr of $("keys").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.id === id);
}

async function removeIds(ids) {
  const r = await edit("POST", "/api/browser/delete", { ids });
  message("deleted " + r.deleted + (r.deleted === 1 ? " key" : " keys"), true);
  if (current && ids.includes(current.id)) { $("detail").hidden = true; current = null; }
  await search(false);
  await refreshStats();
}

function guard(run) {
  return async (event) => {
    if (event) event.preventDefault();
    try { await run(); } catch (error) { message(String(error.message || error), false); }
  };
}
$("search-form").addEventListener("submit", guard(() => search(false)));
$("more").addEventListener("click", guard(() => search(true)));
$("save-value").addEventListener("click", guard(async () => {
  await edit("PUT", "/api/browser/value", { id: current.id, value: $("edit-value").value });
  message("saved " + current.key, true);
  await open(current.id);
}));
$("save-ttl").addEventListener("click", guard(async () => {
  const text = $("edit-ttl").value.trim();
  const r = await edit("PUT", "/api/browser/ttl", { id: current.id, ttl: text === "" ? null : Number(text) });
  message(r.deleted ? "TTL <= 0: key deleted" : "TTL of " + current.key + " set to " + ttlText(r.ttl), true);
  if (r.deleted) await search(false); else await open(current.id);
}));
$("delete-key").addEventListener("click", guard(() => removeIds([current.id])));
$("delete-selected").addEventListener("click", guard(async () => {
  if (selected.size === 0) return message("select keys first", false);
  await removeIds([...selected]);
}));
void refreshStats();
setInterval(() => void refreshStats(), 2000);
void guard(() => search(false))();
`

/** The cache browser's HTML. */
export function browserPage(): string {
  return page({ title: 'cachex cache browser', nav: '<a href="/">← demo panels</a>', body: BODY, script: SCRIPT })
}
