// End-to-end failure cases against a real berth running the example "everything" server once
// per backend transport (see everything_berth.test.mjs): what a client gets from /mcp/{name}
// for a foreign Origin or Host, a missing or unknown session, an oversized body, a server killed
// while a call is in flight, and a spec edited while clients are connected.
//
// What berth promises differs by backend. For stdio and sse servers berth owns the client
// sessions (it multiplexes them over its one upstream session), so a session survives a restart
// or a replacement of the container and a call in flight fails with a JSON-RPC error at once.
// For streamable-http servers berth forwards each client's own session, which dies with the
// container: the client has to initialize again.
//
// Needs what everything_berth.test.mjs needs; berth runs with --watch so spec edits apply.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import {
  BerthProcess, EVERYTHING_SPECS, checkPrerequisites, connect, docker, echo, within,
} from "./berth_harness.mjs";

const SERVERS = Object.keys(EVERYTHING_SPECS);
const PROTOCOL_VERSION = "2025-06-18";
const BODY_LIMIT = 1024 * 1024; // proxy/http/server_options.h
const FAIL_WITHIN_MS = 10_000;

let sdk;
let berth;

before(async () => {
  sdk = await checkPrerequisites();
  berth = await BerthProcess.start({ specs: EVERYTHING_SPECS, watch: true });
  await Promise.all(SERVERS.map((name) => berth.waitReady(name)));
});

after(async () => {
  await berth?.stop();
});

function jsonRpc(id, method, params = {}) {
  return JSON.stringify({ jsonrpc: "2.0", id, method, params });
}

const INITIALIZE = jsonRpc(1, "initialize", {
  protocolVersion: PROTOCOL_VERSION,
  capabilities: {},
  clientInfo: { name: "berth-e2e-raw", version: "1.0.0" },
});

// POSTs `body` to /mcp/{name} with the headers a Streamable HTTP client sends, plus `headers`.
function post(name, body, headers = {}) {
  return fetch(berth.url(`/mcp/${name}`), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      ...headers,
    },
    body,
  });
}

// A raw HTTP/1.1 request with a Host header of our choosing (fetch does not let one set Host).
function requestWithHost(name, host) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: berth.port,
        method: "POST",
        path: `/mcp/${name}`,
        headers: {
          Host: host,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on("error", reject);
    req.end(INITIALIZE);
  });
}

// The message of a refusal by berth's request guard: {"error": "..."} (plain JSON, not JSON-RPC:
// the guard answers before any route is chosen).
async function guardError(response) {
  const body = await response.json();
  assert.equal(typeof body.error, "string", JSON.stringify(body));
  return body.error;
}

// Inserts an environment variable into a spec's text (a change berth applies by replacing it).
function withEditedEnv(text) {
  if (text.includes("env: {")) return text.replace("env: {", 'env: {BERTH_E2E_EDIT: "1", ');
  return text.replace("\nspec:\n", '\nspec:\n  env: {BERTH_E2E_EDIT: "1"}\n');
}

// An SDK error for a session that is gone must be the 404 that tells clients to initialize again.
function assertSessionGone(error) {
  assert.equal(error.code, 404, `a session that is gone must get 404 (the SDK's error: ` +
    `${error.message})`);
}

// Starts trigger-long-running-operation (60 s). `inFlight` resolves at its first progress;
// `result` is the call. When the container dies, berth answers the call with a JSON-RPC error:
// a multiplexed server's from its session table, a forwarded one's by ending the POST's broken
// SSE answer with an error event for each request not answered yet.
function startLongCall(client) {
  let started;
  const inFlight = new Promise((resolve) => (started = resolve));
  const result = client.callTool(
    { name: "trigger-long-running-operation", arguments: { duration: 60, steps: 60 } },
    undefined,
    { timeout: 120_000, onprogress: () => started() },
  );
  result.catch(() => {}); // the test asserts it
  return { inFlight, result };
}

for (const name of SERVERS) {
  const multiplexed = name !== "everything-http"; // berth owns the sessions

  test(`${name}: a foreign Origin gets 403, a loopback one is served`, async () => {
    const refused = await post(name, INITIALIZE, { Origin: "http://evil.example" });
    assert.equal(refused.status, 403);
    assert.match(await guardError(refused), /origin 'http:\/\/evil\.example' is not allowed/);
    const served = await post(name, INITIALIZE, { Origin: `http://localhost:${berth.port}` });
    assert.equal(served.status, 200, await served.text());
  });

  test(`${name}: a foreign Host (DNS rebinding) gets 421 Misdirected Request`, async () => {
    const { status, body } = await requestWithHost(name, `evil.example:${berth.port}`);
    assert.equal(status, 421, body);
    assert.match(JSON.parse(body).error, /DNS rebinding/);
  });

  test(`${name}: a call without Mcp-Session-Id gets 400`, async () => {
    const response = await post(name, jsonRpc(2, "tools/list"), {
      "MCP-Protocol-Version": PROTOCOL_VERSION,
    });
    assert.equal(response.status, 400, await response.text());
  });

  test(`${name}: an unknown session gets 404 and the SDK client rejects the call`, async () => {
    const unknown = "0123456789abcdef0123456789abcdef";
    // A client that resumes a session id berth does not know (connect() skips initialize).
    const client = new sdk.Client({ name: "berth-e2e", version: "1.0.0" });
    await client.connect(
      new sdk.StreamableHTTPClientTransport(berth.url(`/mcp/${name}`), { sessionId: unknown }),
    );
    const refused = await client.listTools().then(() => null, (error) => error);
    await client.close();
    assert.ok(refused, "the SDK client accepted an unknown session");
    if (multiplexed) return assertSessionGone(refused);
    // An id berth never saw is the server's to judge, and berth passes its answer on:
    // server-everything says 400 where the specification says 404. (An id of a run of the server
    // that has ended gets berth's own 404: see the spec-edit test.)
    assert.ok([400, 404].includes(refused.code), `the server's refusal: ${refused.message}`);
  });

  test(`${name}: a body over the 1 MiB limit gets 413`, async () => {
    const padding = "x".repeat(BODY_LIMIT + 1024);
    const response = await post(name, jsonRpc(1, "initialize", { padding }));
    assert.equal(response.status, 413);
    assert.match(await response.text(), /exceeds 1048576 bytes/);
  });

  test(`${name}: a call in flight when the server is killed fails promptly; calls work after ` +
    "the restart", async (t) => {
    const client = await connect(sdk, berth, name);
    try {
      const before = await berth.status(name);
      const call = startLongCall(client);
      await within(FAIL_WITHIN_MS, call.inFlight, "no progress from the long-running operation");
      await docker(["kill", before.containerId]);
      const failed = call.result.then(() => assert.fail("the call succeeded"), (error) => error);
      const error = await within(FAIL_WITHIN_MS, failed, "the call in flight did not fail");
      t.diagnostic(`${name}: the call failed with: ${error.message}`);
      assert.equal(typeof error.code, "number", `not a JSON-RPC error: ${error.message}`);
      await berth.waitReady(name, (s) => s.restarts > before.restarts);
      if (multiplexed) {
        assert.equal(await echo(client, "same session"), "Echo: same session");
        return;
      }
      const fresh = await connect(sdk, berth, name);
      try {
        assert.equal(await echo(fresh, "new session"), "Echo: new session");
      } finally {
        await fresh.close();
      }
    } finally {
      await client.close();
    }
  });

  test(`${name}: after a spec edit replaces the container, ` +
    (multiplexed ? "the session goes on" : "the session ends (404) and a new one works"),
  async () => {
    const client = await connect(sdk, berth, name);
    try {
      assert.equal(await echo(client, "before the edit"), "Echo: before the edit");
      const before = await berth.status(name);
      berth.editSpec(name, withEditedEnv);
      await berth.waitReady(name, (s) => s.containerId !== before.containerId);
      if (multiplexed) {
        assert.equal(await echo(client, "after the edit"), "Echo: after the edit");
        return;
      }
      const refused = await echo(client, "old session").then(() => null, (error) => error);
      assert.ok(refused, "the old container's session still answered");
      const fresh = await connect(sdk, berth, name);
      try {
        assert.equal(await echo(fresh, "new session"), "Echo: new session");
      } finally {
        await fresh.close();
      }
      assertSessionGone(refused);
    } finally {
      await client.close();
    }
  });
}
