#include "proxy/admin/dashboard_page.h"

namespace berth::proxy::admin {

namespace {

constexpr std::string_view kPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>berth</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f4f4f4}.err{color:#a00}#updated{color:#777;font-size:.9em}
</style></head><body>
<h1>berth</h1><p id="updated">read-only; refreshes every 2 s</p>
<form id="login" hidden><label>berth's token
<input id="token" type="password" autocomplete="current-password" required></label>
<button>show status</button></form>
<table id="servers"><thead><tr><th>name</th><th>phase</th><th>ready</th><th>transport</th>
<th>route</th><th>image</th><th>restarts</th><th>calls</th><th>last error</th><th>since</th>
</tr></thead><tbody></tbody></table>
<ul id="errors"></ul>
<script>
const columns = ["name", "phase", "ready", "transport", "route", "image", "restarts", "calls",
                 "lastError", "since"];
// With --token-file, /status needs the token: it is asked for once and kept for this tab only.
let token = sessionStorage.getItem("berth-token") || "";
const login = document.getElementById("login");
login.addEventListener("submit", (event) => {
  event.preventDefault();
  token = document.getElementById("token").value;
  sessionStorage.setItem("berth-token", token);
  login.hidden = true;
  refresh();
});
async function refresh() {
  const updated = document.getElementById("updated");
  try {
    const headers = token ? {Authorization: "Bearer " + token} : {};
    const reply = await fetch("/status", {cache: "no-store", headers});
    if (reply.status === 401) {
      login.hidden = false;
      updated.textContent = token ? "the token was refused" : "berth asks for its token";
      return;
    }
    const status = await reply.json();
    const rows = document.createElement("tbody");
    for (const server of status.servers) {
      const row = rows.insertRow();
      for (const column of columns) row.insertCell().textContent = String(server[column] ?? "");
    }
    document.getElementById("servers").tBodies[0].replaceWith(rows);
    const errors = document.createElement("ul");
    errors.id = "errors";
    for (const e of status.errors) {
      const item = document.createElement("li");
      item.className = "err";
      item.textContent = e.file + ":" + e.line + ":" + e.column + ": " + e.message;
      errors.appendChild(item);
    }
    document.getElementById("errors").replaceWith(errors);
    updated.textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    updated.textContent = "status unavailable: " + e;
  }
}
refresh();
setInterval(() => { if (login.hidden) refresh(); }, 2000);
</script></body></html>
)";

}  // namespace

std::string_view dashboard_html() { return kPage; }

}  // namespace berth::proxy::admin
