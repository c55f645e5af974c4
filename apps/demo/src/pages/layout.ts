/**
 * The HTML shell both pages share: styles, a header naming where the data lives, and the page's script.
 * Everything dynamic is set with `textContent` by the scripts (no HTML is built from data).
 */

const STYLES = `
:root { --fg:#1d2330; --muted:#5b6474; --line:#dde2ea; --bg:#f5f7fa; --card:#fff; --accent:#c7372f; --ok:#1a7f37; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header { background:#1d2330; color:#fff; padding:12px 24px; display:flex; gap:24px; align-items:baseline; flex-wrap:wrap; }
header h1 { margin:0; font-size:18px; } header a { color:#ffb4ae; } header .where { color:#c9d1dc; font-size:13px; }
main { padding:20px 24px; }
.grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(360px, 1fr)); gap:16px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; }
.card h2 { margin:0 0 4px; font-size:15px; } .card p.what { margin:0 0 10px; color:var(--muted); font-size:12.5px; }
.row { display:flex; gap:6px; flex-wrap:wrap; align-items:center; margin:6px 0; }
input, select, textarea { font:inherit; padding:5px 8px; border:1px solid var(--line); border-radius:5px; }
textarea { width:100%; min-height:120px; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12.5px; }
button { font:inherit; padding:5px 12px; border-radius:5px; border:1px solid #b9c1cd; background:#fff; cursor:pointer; }
button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
button:disabled { opacity:.5; cursor:default; }
pre, .out { background:#f0f2f6; border-radius:5px; padding:8px; margin:6px 0 0; font:12px/1.4 ui-monospace, Menlo, monospace;
  white-space:pre-wrap; word-break:break-word; max-height:260px; overflow:auto; }
.big { font-size:15px; font-weight:600; } .ok { color:var(--ok); } .bad { color:var(--accent); }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; } tr.selected td { background:#fff4e5; }
td.key { font-family:ui-monospace, Menlo, monospace; word-break:break-all; }
.stats { display:flex; gap:12px; flex-wrap:wrap; margin-bottom:14px; }
.stat { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:110px; }
.stat b { display:block; font-size:18px; } .stat span { color:var(--muted); font-size:12px; }
.browser { display:grid; grid-template-columns:minmax(380px, 1.2fr) minmax(320px, 1fr); gap:16px; align-items:start; }
.tag { display:inline-block; padding:0 6px; border-radius:4px; background:#e8ecf3; font-size:12px; }
.msg { min-height:20px; margin:8px 0; font-weight:600; }
#codecs { grid-column: span 2; } #codecs table { font-family: system-ui, sans-serif; } #codecs td, #codecs th { white-space: nowrap; }
@media (max-width: 800px) { #codecs { grid-column: auto; } .browser { grid-template-columns: 1fr; } }
`

/** A full page: `title`, a header, `body` (static HTML), then `script`. */
export function page(options: { title: string; nav: string; body: string; script: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>${STYLES}</style>
</head>
<body>
<header><h1>${options.title}</h1>${options.nav}<span class="where" id="where" data-testid="where"></span></header>
<main>${options.body}</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
async function api(method, url, body, headers) {
  const response = await fetch(url, {
    method,
    headers: Object.assign(body === undefined ? {} : { "content-type": "application/json" }, headers || {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((data.error ? data.error + ": " : "") + (data.message || response.statusText));
  return data;
}
function show(id, value) { $(id).textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2); }
api("GET", "/api/info").then((info) => {
  $("where") && ($("where").textContent = "data in " + info.where + (info.mode === "memory" ? " (no Redis: some panels are off)" : ""));
  window.demoInfo = info;
  document.dispatchEvent(new CustomEvent("demo-info", { detail: info }));
});
${options.script}
</script>
</body>
</html>`
}
