// End-to-end: the official MCP SDK client talks to berth, which runs the example "everything"
// server once per backend transport (examples/everything/everything*.yaml, image
// mcp/everything:latest) and serves each at /mcp/{name} as Streamable HTTP:
//   everything       stdio            berth multiplexes client sessions over the container's stdio
//   everything-http  streamable-http  berth forwards each client's own session to the server
//   everything-sse   legacy sse       berth multiplexes client sessions over one upstream session
// For each: initialize, tools/list, echo; progress notifications of a long-running tool; a
// sampling request the server sends and this client answers; a legacy HTTP+SSE client at
// /sse/{name} (for the streamable-http server berth multiplexes legacy clients over a Streamable
// HTTP session of its own); and 50 concurrent sessions x 20 calls, each answer checked to be its
// own.
//
// Needs docker, the image, the SDK (npm ci --prefix tests/e2e) and the berth binary
// (BERTH_BINARY, set by ctest). See berth_harness.mjs for the clean-up.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  BerthProcess, EVERYTHING_SPECS, REQUEST_TIMEOUT_MS, checkPrerequisites, connect, echo,
} from "./berth_harness.mjs";

const SERVERS = Object.keys(EVERYTHING_SPECS);

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

for (const name of SERVERS) {
  test(`${name}: initialize, tools/list and echo`, async () => {
    const client = await connect(sdk, berth, name);
    try {
      assert.equal(client.getServerVersion()?.name, "mcp-servers/everything");
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === "echo"), "tools/list has no echo");
      assert.equal(await echo(client, "hi berth"), "Echo: hi berth");
    } finally {
      await client.close();
    }
  });

  test(`${name}: progress notifications of a long-running operation reach the caller`, async () => {
    const client = await connect(sdk, berth, name);
    try {
      const progress = [];
      const result = await client.callTool(
        { name: "trigger-long-running-operation", arguments: { duration: 1, steps: 4 } },
        undefined,
        { timeout: REQUEST_TIMEOUT_MS, onprogress: (p) => progress.push(p.progress) },
      );
      assert.match(result.content[0].text, /completed/);
      assert.deepEqual(progress, [1, 2, 3, 4]);
    } finally {
      await client.close();
    }
  });

  test(`${name}: a sampling request from the server is answered by the client that caused it`,
    async () => {
      const client = await connect(sdk, berth, name, { capabilities: { sampling: {} } });
      let asked = 0;
      client.setRequestHandler(sdk.CreateMessageRequestSchema, async () => {
        asked += 1;
        const content = { type: "text", text: "sampled!" };
        return { model: "berth-test", role: "assistant", content };
      });
      try {
        const result = await client.callTool({
          name: "trigger-sampling-request",
          arguments: { prompt: "say something", maxTokens: 10 },
        });
        assert.equal(asked, 1);
        assert.match(result.content[0].text, /sampled!/);
      } finally {
        await client.close();
      }
    });

  test(`${name}: legacy HTTP+SSE clients (such as n8n) at /sse/${name}`, async () => {
    const client = new sdk.Client({ name: "berth-e2e-legacy", version: "1.0.0" });
    await client.connect(new sdk.SSEClientTransport(berth.url(`/sse/${name}`)), {
      timeout: REQUEST_TIMEOUT_MS,
    });
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === "echo"), "tools/list has no echo");
      assert.equal(await echo(client, "old client"), "Echo: old client");
    } finally {
      await client.close();
    }
  });

  test(`${name}: 50 concurrent sessions x 20 calls each get their own answers`, async (t) => {
    const sessions = 50;
    const calls = 20;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: sessions }, async (_, s) => {
        const client = await connect(sdk, berth, name);
        try {
          for (let c = 0; c < calls; c++) {
            const message = `session ${s} call ${c}`;
            assert.equal(await echo(client, message), `Echo: ${message}`);
          }
        } finally {
          await client.close();
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`${sessions * calls} calls in ${seconds.toFixed(1)} s`);
  });
}
