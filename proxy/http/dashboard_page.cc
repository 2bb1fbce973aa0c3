#include "proxy/http/dashboard_page.h"

#include "proxy/http/status_json.h"

namespace berth::proxy::http {

namespace {

constexpr std::string_view kHead = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>berth</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f4f4f4}.err{color:#a00}#updated{color:#777;font-size:.9em}
</style></head><body>
<h1>berth</h1><p id="updated">read-only; refreshes every 2 s</p>
<table id="servers"><thead><tr><th>name</th><th>phase</th><th>ready</th><th>transport</th>
<th>route</th><th>image</th><th>restarts</th><th>last error</th><th>since</th></tr></thead>
<tbody>
)";

constexpr std::string_view kTail = R"(</ul>
<script>
const columns = ["name", "phase", "ready", "transport", "route", "image", "restarts",
                 "lastError", "since"];
async function refresh() {
  const updated = document.getElementById("updated");
  try {
    const status = await (await fetch("/status", {cache: "no-store"})).json();
    const rows = document.createElement("tbody");
    for (const server of status.servers) {
      const row = rows.insertRow();
      for (const column of columns) row.insertCell().textContent = String(server[column]);
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
setInterval(refresh, 2000);
</script></body></html>
)";

void append_cell(std::string& html, std::string_view value) {
  html.append("<td>").append(html_escape(value)).append("</td>");
}

void append_server_row(std::string& html, const reconciler::ServerStatus& server) {
  html.append("<tr>");
  append_cell(html, server.name);
  append_cell(html, reconciler::to_string(server.phase));
  append_cell(html, server.ready ? "true" : "false");
  append_cell(html, specs::to_string(server.transport));
  append_cell(html, server.route);
  append_cell(html, server.image);
  append_cell(html, std::to_string(server.restarts));
  append_cell(html, server.last_error);
  append_cell(html, rfc3339_utc(server.since));
  html.append("</tr>\n");
}

}  // namespace

std::string dashboard_html(const reconciler::StatusSnapshot& snapshot) {
  std::string html(kHead);
  for (const reconciler::ServerStatus& server : snapshot.servers) {
    append_server_row(html, server);
  }
  html.append("</tbody></table>\n<ul id=\"errors\">\n");
  for (const specs::SpecError& error : snapshot.errors) {
    html.append("<li class=\"err\">").append(html_escape(error.to_string())).append("</li>\n");
  }
  html.append(kTail);
  return html;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace berth::proxy::http
