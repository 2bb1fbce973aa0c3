// End-to-end: berth with --token-file in front of the example stdio server. The official MCP SDK
// client gets through with `Authorization: Bearer <token>` and is refused (401) with a wrong one
// or none; /healthz stays open for probes.
//
// Needs what everything_berth.test.mjs needs. One server only: the token check comes before any
// route, whatever the backend speaks.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  BerthProcess, EVERYTHING_SPECS, checkPrerequisites, connect, echo,
} from "./berth_harness.mjs";

const NAME = "everything";
const TOKEN = randomBytes(24).toString("base64url");

let sdk;
let berth;

before(async () => {
  sdk = await checkPrerequisites();
  berth = await BerthProcess.start({ specs: { [NAME]: EVERYTHING_SPECS[NAME] }, token: TOKEN });
  await berth.waitReady(NAME);
});

after(async () => {
  await berth?.stop();
});

test("the right bearer token works through the SDK", async () => {
  const client = await connect(sdk, berth, NAME, { headers: { Authorization: `Bearer ${TOKEN}` } });
  try {
    assert.equal(await echo(client, "with token"), "Echo: with token");
  } finally {
    await client.close();
  }
});

test("a wrong bearer token gets 401 and the SDK client fails to connect", async () => {
  const refused = await connect(sdk, berth, NAME, {
    headers: { Authorization: `Bearer ${TOKEN}x` },
  }).then((client) => client.close().then(() => null), (error) => error);
  assert.ok(refused, "the SDK client connected with a wrong token");
  assert.equal(refused.code, 401, refused.message);
  assert.match(refused.message, /the bearer token is not valid/);
});

test("no token gets 401 with a Bearer challenge", async () => {
  const response = await fetch(berth.url(`/mcp/${NAME}`), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  assert.equal(response.status, 401);
  assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
  const legacy = await fetch(berth.url(`/sse/${NAME}`), {
    headers: { Accept: "text/event-stream" },
  });
  assert.equal(legacy.status, 401);
});

test("/healthz needs no token", async () => {
  const response = await fetch(berth.url("/healthz"));
  assert.equal(response.status, 200);
});
