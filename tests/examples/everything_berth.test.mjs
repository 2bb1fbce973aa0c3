// End-to-end: the official MCP SDK client talks to berth, which runs the example stdio server
// (examples/everything/everything.yaml, image mcp/everything:latest) and serves it at
// /mcp/everything as Streamable HTTP. Covers what clients do through berth's session
// multiplexer: initialize, tools/list, echo; progress notifications of a long-running tool; a
// sampling request the server sends and this client answers; a legacy HTTP+SSE client at
// /sse/everything; and 50 concurrent sessions x 20 calls, each answer checked to be its own.
//
// Needs docker, the image, the SDK (npm ci --prefix tests/e2e) and the berth binary
// (BERTH_BINARY, set by ctest). It runs berth with an instance name of its own and removes
// exactly that instance's containers at the end.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const BERTH = process.env.BERTH_BINARY;
const SPEC = "examples/everything/everything.yaml";
const READY_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
const instance = `e2e-${process.pid}`;

let berth; // the child process
let base; // http://127.0.0.1:PORT
let dir;
let log = "";

function docker(args) {
  return new Promise((resolve, reject) => {
    execFile("docker", args, { timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) =>
      error ? reject(new Error(`docker ${args[0]}: ${(stderr || error.message).trim()}`)) : resolve(stdout.trim()),
    );
  });
}

// Starts berth on a copy of the example spec and resolves with its base URL.
function startBerth() {
  dir = mkdtempSync(path.join(tmpdir(), "berth-e2e-"));
  mkdirSync(path.join(dir, "specs"));
  mkdirSync(path.join(dir, "secrets"));
  copyFileSync(SPEC, path.join(dir, "specs", "everything.yaml"));
  const args = ["run", "--specs", path.join(dir, "specs"), "--secrets", path.join(dir, "secrets"),
    "--instance", instance, "--listen", "127.0.0.1:0"];
  berth = spawn(BERTH, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`berth did not start:\n${log}`)), 30_000);
    const onData = (chunk) => {
      log += chunk;
      const listen = /berth running .*listen=([0-9.]+:\d+)/.exec(log);
      if (listen && !base) {
        clearTimeout(timer);
        base = `http://${listen[1]}`;
        resolve(base);
      }
    };
    berth.stdout.on("data", onData);
    berth.stderr.on("data", onData);
    berth.on("exit", (code) => reject(new Error(`berth exited (${code}):\n${log}`)));
  });
}

async function waitReady(name) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const status = await (await fetch(`${base}/status/${name}`)).json();
      if (status.ready) return;
      last = JSON.stringify(status);
    } catch (error) {
      last = error.message;
    }
    await sleep(200);
  }
  throw new Error(`${name} not Ready within ${READY_TIMEOUT_MS} ms: ${last}\n${log.slice(-3000)}`);
}

let sdk;
before(async () => {
  assert.ok(BERTH, "BERTH_BINARY is not set (ctest sets it to the built berth)");
  await docker(["image", "inspect", "--format", "{{.Id}}", "mcp/everything:latest"]).catch(() => {
    throw new Error("image mcp/everything:latest is missing: run examples/everything/build-image.sh");
  });
  sdk = await import("../e2e/mcp_sdk.mjs").catch((error) => {
    throw new Error(`the MCP SDK is not installed: npm ci --prefix tests/e2e (${error.message})`);
  });
  await startBerth();
  await waitReady("everything");
});

after(async () => {
  if (berth && berth.exitCode === null) {
    berth.kill("SIGTERM");
    await new Promise((resolve) => berth.once("exit", resolve));
  }
  const ids = await docker(["ps", "-aq", "--filter", `label=berth.instance=${instance}`]).catch(() => "");
  if (ids) await docker(["rm", "-f", ...ids.split("\n")]).catch(() => {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function connect(capabilities = {}) {
  const client = new sdk.Client({ name: "berth-e2e", version: "1.0.0" }, { capabilities });
  const transport = new sdk.StreamableHTTPClientTransport(new URL(`${base}/mcp/everything`));
  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
  return client;
}

test("initialize, tools/list and echo through berth", async () => {
  const client = await connect();
  try {
    assert.equal(client.getServerVersion()?.name, "mcp-servers/everything");
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === "echo"), "tools/list has no echo");
    const result = await client.callTool({ name: "echo", arguments: { message: "hi berth" } });
    assert.deepEqual(result.content, [{ type: "text", text: "Echo: hi berth" }]);
  } finally {
    await client.close();
  }
});

test("progress notifications of a long-running operation reach the caller", async () => {
  const client = await connect();
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

test("a sampling request from the server is answered by the client that caused it", async () => {
  const client = await connect({ sampling: {} });
  let asked = 0;
  client.setRequestHandler(sdk.CreateMessageRequestSchema, async () => {
    asked += 1;
    return { model: "berth-test", role: "assistant", content: { type: "text", text: "sampled!" } };
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

test("legacy HTTP+SSE clients (such as n8n) at /sse/everything", async () => {
  const client = new sdk.Client({ name: "berth-e2e-legacy", version: "1.0.0" });
  await client.connect(new sdk.SSEClientTransport(new URL(`${base}/sse/everything`)), {
    timeout: REQUEST_TIMEOUT_MS,
  });
  try {
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === "echo"), "tools/list has no echo");
    const result = await client.callTool({ name: "echo", arguments: { message: "old client" } });
    assert.deepEqual(result.content, [{ type: "text", text: "Echo: old client" }]);
  } finally {
    await client.close();
  }
});

test("50 concurrent sessions x 20 calls each get their own answers", async () => {
  const sessions = 50;
  const calls = 20;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: sessions }, async (_, s) => {
      const client = await connect();
      try {
        for (let c = 0; c < calls; c++) {
          const message = `session ${s} call ${c}`;
          const result = await client.callTool({ name: "echo", arguments: { message } });
          assert.equal(result.content[0].text, `Echo: ${message}`);
        }
      } finally {
        await client.close();
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  test.diagnostic?.(`${sessions * calls} calls in ${seconds.toFixed(1)} s`);
});
