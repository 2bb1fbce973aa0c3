// End-to-end: no client sees another's roots. Two SDK clients with different roots talk to the
// example "everything" server through berth, once per backend transport (see
// everything_berth.test.mjs). server-everything keeps the roots it is told per server session
// and serves them to every later caller of its get-roots-list tool; berth shares one server
// session among all its clients of a stdio or sse server, so were it to pass the server's
// roots/list to a client, that client's roots would become everyone's. berth answers roots/list
// itself (with none) and does not forward clients' roots/list_changed; for a streamable-http
// server each client has its own server session and the server asks each client itself.
//
// Needs what everything_berth.test.mjs needs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { BerthProcess, EVERYTHING_SPECS, checkPrerequisites, connect } from "./berth_harness.mjs";

const SERVERS = Object.keys(EVERYTHING_SPECS);
// berth shares one server session among its clients of these (the others forward each client's).
const SHARED = new Set(["everything", "everything-sse"]);
// server-everything asks for roots 350 ms after notifications/initialized.
const ROOTS_SYNC_MS = 1000;

let sdk;
let berth;

before(async () => {
  sdk = await checkPrerequisites();
  berth = await BerthProcess.start({ specs: EVERYTHING_SPECS });
  await Promise.all(SERVERS.map((name) => berth.waitReady(name)));
});

after(async () => {
  await berth?.stop();
});

// A client declaring the roots capability with one root of its own; `asked` counts the server's
// roots/list requests it got.
async function clientWithRoot(name, uri) {
  const client = await connect(sdk, berth, name, { capabilities: { roots: { listChanged: true } } });
  const state = { client, asked: 0 };
  client.setRequestHandler(sdk.ListRootsRequestSchema, async () => {
    state.asked += 1;
    return { roots: [{ uri, name: uri }] };
  });
  return state;
}

// Everything `client` can learn of the server's roots: the get-roots-list tool's text, when the
// server offers that tool.
async function rootsSeenBy(client) {
  const { tools } = await client.listTools();
  if (!tools.some((tool) => tool.name === "get-roots-list")) return "";
  const result = await client.callTool({ name: "get-roots-list", arguments: {} });
  return result.content.map((part) => part.text ?? "").join("\n");
}

for (const name of SERVERS) {
  test(`${name}: a client never sees the roots of another`, async () => {
    const tag = Math.random().toString(36).slice(2, 10);
    const alpha = `file:///clients/alpha-${tag}`;
    const beta = `file:///clients/beta-${tag}`;
    const a = await clientWithRoot(name, alpha);
    let b;
    try {
      await a.client.sendRootsListChanged();
      await sleep(ROOTS_SYNC_MS);
      const seenByA = await rootsSeenBy(a.client);
      assert.ok(!seenByA.includes(beta), seenByA);

      b = await clientWithRoot(name, beta);
      await b.client.sendRootsListChanged();
      await sleep(ROOTS_SYNC_MS);
      const seenByB = await rootsSeenBy(b.client);
      assert.ok(!seenByB.includes(alpha), `B saw A's roots: ${seenByB}`);
      if (SHARED.has(name)) {
        assert.equal(a.asked, 0, "berth passed the shared server's roots/list to client A");
        assert.equal(b.asked, 0, "berth passed the shared server's roots/list to client B");
      }
    } finally {
      await b?.client.close();
      await a.client.close();
    }
  });
}
