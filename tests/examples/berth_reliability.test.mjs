// Reliability against a real berth running the example "everything" server once per backend
// transport (see everything_berth.test.mjs): berth must survive any client.
//   - 100 clients per route leave in the middle of a streamed answer (a tool call's SSE answer
//     with progress, on /mcp/{name} for the stdio, streamable-http and sse backends; and
//     /logs/{name}?follow=1), at varied moments (right after the head, after a few events) and
//     in varied ways (FIN, close, reset);
//   - 1,000 SDK clients open a session on the stdio route and abandon it the SDK's way
//     (initialize, open the GET stream, client.close(): the stream is dropped, no DELETE). berth
//     runs with --max-sessions 200, so most of them are evicted; /healthz must stay 200 (the
//     connection slots follow sockets) and new sessions must still work.
// After each case berth must still be running, answer /healthz, serve a new SDK session, and its
// log must hold no sanitizer report and no failed connection (an idle read on a closed socket).
//
// Bounded: loopback only, a fixed number of clients, at most 10 s per client; the whole file
// takes about a minute. Needs what everything_berth.test.mjs needs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import net from "node:net";
import {
  BerthProcess, EVERYTHING_SPECS, checkPrerequisites, connect, echo, within,
} from "./berth_harness.mjs";

const SERVERS = Object.keys(EVERYTHING_SPECS);
const PROTOCOL_VERSION = "2025-06-18";
const LEAVERS = 100;
const ABANDONED = 1000;
const MAX_SESSIONS = 200; // berth run --max-sessions: per server
const CLIENT_DEADLINE_MS = 10_000;
const LEAVE_WAYS = ["fin", "close", "reset"];

let sdk;
let berth;

before(async () => {
  sdk = await checkPrerequisites();
  berth = await BerthProcess.start({
    specs: EVERYTHING_SPECS,
    args: ["--max-sessions", String(MAX_SESSIONS)],
  });
  await Promise.all(SERVERS.map((name) => berth.waitReady(name)));
});

after(async () => {
  await berth?.stop();
});

// Runs task(0..count-1), at most `concurrency` at a time.
async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function post(name, body, headers = {}) {
  return fetch(berth.url(`/mcp/${name}`), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...berth.headers,
      ...headers,
    },
    body,
  });
}

// A session of berth's (stdio, sse) or the server's own (streamable-http), initialized.
async function openSession(name) {
  const initialize = await post(name, JSON.stringify({
    jsonrpc: "2.0", id: 1, method: "initialize",
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {},
      clientInfo: { name: "berth-reliability", version: "1.0.0" } },
  }));
  const text = await initialize.text();
  assert.equal(initialize.status, 200, text);
  const sid = initialize.headers.get("mcp-session-id");
  assert.ok(sid, "initialize gave no Mcp-Session-Id");
  const headers = { "Mcp-Session-Id": sid, "MCP-Protocol-Version": PROTOCOL_VERSION };
  const initialized = await post(name,
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), headers);
  await initialized.text();
  assert.equal(initialized.status, 202);
  return headers;
}

// How many SSE events (or, for /logs, body bytes) have come after the head.
function afterHead(received) {
  const end = received.indexOf("\r\n\r\n");
  return end < 0 ? null : received.slice(end + 4);
}

// Sends a raw HTTP/1.1 request on a socket of its own and leaves once `leaveWhen(body so far)`
// holds (or `leaveAfterMs` after the head), the way `how` says: "fin" (half-close, then close),
// "close", or "reset" (RST). Resolves with what arrived before leaving.
function leaveMidStream({ method = "GET", path, headers = {}, body = "", leaveWhen, how,
  leaveAfterMs }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(berth.port, "127.0.0.1");
    let received = "";
    let left = false;
    let fallback;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${method} ${path}: no stream within ${CLIENT_DEADLINE_MS} ms: ` +
        received.slice(0, 300)));
    }, CLIENT_DEADLINE_MS);
    const leave = () => {
      if (left) return;
      left = true;
      clearTimeout(fallback);
      if (how === "reset") return socket.resetAndDestroy();
      if (how === "fin") {
        socket.end();
        return setTimeout(() => socket.destroy(), 20);
      }
      socket.destroy();
    };
    socket.setEncoding("latin1");
    socket.on("connect", () => {
      const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${berth.port}`];
      for (const [key, value] of Object.entries({ ...berth.headers, ...headers })) {
        lines.push(`${key}: ${value}`);
      }
      if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
    });
    socket.on("data", (chunk) => {
      received += chunk;
      const streamed = afterHead(received);
      if (streamed === null || left) return;
      if (leaveAfterMs !== undefined && !fallback) fallback = setTimeout(leave, leaveAfterMs);
      if (leaveWhen(streamed)) leave();
    });
    socket.on("error", () => {}); // a reset after leaving is expected
    socket.on("close", () => {
      clearTimeout(deadline);
      clearTimeout(fallback);
      resolve(received);
    });
  });
}

function countEvents(streamed) {
  return streamed.split("data:").length - 1;
}

// berth runs, answers /healthz, serves a new SDK session, and has logged no failure.
async function assertBerthServes() {
  assert.ok(berth.running, `berth is not running:\n${berth.tail()}`);
  const health = await fetch(berth.url("/healthz"), { headers: berth.headers });
  await health.text();
  assert.equal(health.status, 200);
  for (const name of SERVERS) {
    const client = await connect(sdk, berth, name);
    try {
      assert.equal(await echo(client, `still here ${name}`), `Echo: still here ${name}`);
    } finally {
      await client.close();
    }
  }
  for (const bad of ["AddressSanitizer", "runtime error:", "event=connection-failed",
    "event=handler-threw"]) {
    assert.ok(!berth.log.includes(bad), `berth logged "${bad}":\n${berth.tail()}`);
  }
}

for (const name of SERVERS) {
  test(`${name}: ${LEAVERS} clients leave in the middle of a streamed tool answer`, async () => {
    const headers = await openSession(name);
    const heads = new Set();
    await pool(LEAVERS, 10, async (i) => {
      const call = JSON.stringify({
        jsonrpc: "2.0", id: 100 + i, method: "tools/call",
        params: { name: "trigger-long-running-operation", arguments: { duration: 1, steps: 1000 },
          _meta: { progressToken: `leave-${i}` } },
      });
      const events = i % 4; // 0: right after the head; else after that many events
      const received = await leaveMidStream({
        method: "POST", path: `/mcp/${name}`, body: call, how: LEAVE_WAYS[i % 3],
        headers: { "Content-Type": "application/json",
          Accept: "application/json, text/event-stream", ...headers },
        leaveWhen: (streamed) => countEvents(streamed) >= events,
      });
      heads.add(received.slice(0, 12));
    });
    assert.ok(berth.running, `berth is not running:\n${berth.tail()}`);
    assert.deepEqual([...heads], ["HTTP/1.1 200"]);
    await assertBerthServes();
  });
}

test(`/logs follow: ${LEAVERS} clients leave in the middle of the stream`, async () => {
  const heads = new Set();
  await pool(LEAVERS, 10, async (i) => {
    const received = await leaveMidStream({
      path: "/logs/everything-http?follow=1&tail=all", how: LEAVE_WAYS[i % 3],
      leaveWhen: (streamed) => i % 2 === 0 || streamed.length > 0, leaveAfterMs: 200,
    });
    heads.add(received.slice(0, 12));
  });
  assert.ok(berth.running, `berth is not running:\n${berth.tail()}`);
  assert.deepEqual([...heads], ["HTTP/1.1 200"]);
  await assertBerthServes();
});

// A client that opens a session, waits for its GET stream, then closes the SDK's way.
async function abandonSession(name) {
  let streamOpened;
  const opened = new Promise((resolve) => (streamOpened = resolve));
  const observingFetch = async (url, init) => {
    const response = await fetch(url, init);
    if ((init?.method ?? "GET") === "GET") streamOpened(response.status);
    return response;
  };
  const transport = new sdk.StreamableHTTPClientTransport(berth.url(`/mcp/${name}`), {
    fetch: observingFetch,
    requestInit: { headers: berth.headers },
  });
  const client = new sdk.Client({ name: "berth-abandon", version: "1.0.0" });
  await client.connect(transport);
  assert.equal(await within(CLIENT_DEADLINE_MS, opened, "the SDK's GET stream"), 200);
  await client.close(); // drops the GET stream; no DELETE
}

async function sessionCount(name) {
  const metrics = await (await fetch(berth.url("/metrics"), { headers: berth.headers })).text();
  const line = metrics.split("\n").find((l) => l.startsWith(`berth_sessions{server="${name}"}`));
  return line ? Number(line.split(" ").pop()) : 0;
}

test(`${ABANDONED} SDK sessions abandoned without DELETE leave berth serving`, async (t) => {
  const name = "everything";
  const started = Date.now();
  await pool(ABANDONED, 20, () => abandonSession(name));
  const evicted = berth.log.split("event=session-evicted server=everything").length - 1;
  t.diagnostic(`${ABANDONED} sessions abandoned in ${Date.now() - started} ms; ${evicted} evicted`);
  const health = await fetch(berth.url("/healthz"), { headers: berth.headers });
  await health.text();
  assert.equal(health.status, 200, "connection slots leaked: /healthz refused");
  const sessions = await sessionCount(name);
  assert.ok(sessions <= MAX_SESSIONS, `${sessions} sessions kept, more than ${MAX_SESSIONS}`);
  t.diagnostic(`berth_sessions{server="${name}"} ${sessions}`);
  assert.match(berth.log, /event=session-evicted server=everything/);
  await assertBerthServes();
});

test("berth run refuses a --max-sessions that is not a positive whole number", async () => {
  for (const bad of ["0", "many", "12x"]) {
    const { code, stderr } = await new Promise((resolve) => {
      execFile(process.env.BERTH_BINARY, ["run", "--max-sessions", bad], { timeout: 10_000 },
        (error, stdout, stderr) => resolve({ code: error?.code ?? 0, stderr }));
    });
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(`--max-sessions "${bad}" is not a positive whole number`));
  }
});
