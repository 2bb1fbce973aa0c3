// End-to-end check of the mcp/everything:latest image that examples/everything/build-image.sh
// builds: in each transport (stdio, Streamable HTTP, legacy SSE) the official MCP SDK client
// initializes, lists the tools and calls `echo`, against a container run the way berth runs
// one (all capabilities dropped, no-new-privileges, an init process) with the resource limits
// of the example specs.
//
// Needs docker, the image, and the SDK (npm ci --prefix tests/e2e). When one is missing the tests
// fail with a message that says what to do; they never skip.
//
// Containers carry the label berth.test=true and a name unique to this run; the test removes
// exactly those.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

const IMAGE = process.env.BERTH_EVERYTHING_IMAGE || "mcp/everything:latest";
const PORT = 3001; // the server's default, as in examples/everything/everything-{http,sse}.yaml
const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 20_000;

// How berth starts a server container, plus the limits the example specs set.
const HARDENING = ["--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--init"];
const STDIO_LIMITS = ["--memory", "128m", "--cpus", "0.5", "--pids-limit", "64"];
const HTTP_LIMITS = ["--memory", "256m", "--cpus", "0.5", "--pids-limit", "64"];

const runId = `${process.pid}-${Date.now().toString(36)}`;
const started = new Set(); // names of the containers this run started

function docker(args, { timeout = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile("docker", args, { timeout, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim();
        reject(Object.assign(new Error(`docker ${args[0]} failed: ${detail}`), { cause: error }));
      } else {
        resolve(stdout.trim());
      }
    });
  });
}

// Docker, the image and the SDK, checked once; every test fails with the same clear message.
let preflightResult;
function preflight() {
  preflightResult ??= (async () => {
    try {
      await docker(["version", "--format", "{{.Server.Version}}"], { timeout: 15_000 });
    } catch (error) {
      const hint =
        error.cause?.code === "ENOENT"
          ? "the docker CLI is not installed or not on PATH"
          : `the Docker engine is not reachable (${error.message})`;
      throw new Error(`docker is required for this test: ${hint}`);
    }
    try {
      await docker(["image", "inspect", "--format", "{{.Id}}", IMAGE]);
    } catch {
      throw new Error(
        `image ${IMAGE} is missing: build it with examples/everything/build-image.sh ` +
          `(or docker pull ${IMAGE} where a registry is reachable)`,
      );
    }
    try {
      // Imported through tests/e2e so the SDK resolves from tests/e2e/node_modules.
      return await import("../e2e/mcp_sdk.mjs");
    } catch (error) {
      throw new Error(
        `the MCP SDK is not installed: run npm ci --prefix tests/e2e (${error.message})`,
      );
    }
  })();
  return preflightResult;
}

async function removeContainer(name) {
  try {
    await docker(["rm", "--force", name], { timeout: 30_000 });
  } catch {
    // Already gone (--rm removed it when it stopped).
  }
  started.delete(name);
}

after(async () => {
  await Promise.all([...started].map(removeContainer));
});

// Memory and task count of a running container, for the test log.
async function usage(name) {
  try {
    const format = "memory {{.MemUsage}}, tasks {{.PIDs}}";
    return await docker(["stats", "--no-stream", "--format", format, name]);
  } catch (error) {
    return `(no stats: ${error.message})`;
  }
}

// initialize, tools/list, tools/call echo; returns the server's name.
async function exercise(sdk, transport, label, t, containerName) {
  const client = new sdk.Client({ name: "berth-examples-test", version: "1.0.0" });
  const options = { timeout: REQUEST_TIMEOUT_MS };
  await client.connect(transport, options); // initialize + notifications/initialized
  try {
    const server = client.getServerVersion();
    assert.equal(server?.name, "mcp-servers/everything", "unexpected serverInfo from initialize");
    assert.ok(client.getServerCapabilities()?.tools, "the server did not announce tools");

    const { tools } = await client.listTools(undefined, options);
    const names = tools.map((tool) => tool.name);
    assert.ok(names.includes("echo"), `tools/list has no echo tool: ${names.join(", ")}`);

    const message = `hello over ${label}`;
    const result = await client.callTool({ name: "echo", arguments: { message } }, undefined, options);
    assert.notEqual(result.isError, true, `echo failed: ${JSON.stringify(result)}`);
    assert.deepEqual(result.content, [{ type: "text", text: `Echo: ${message}` }]);

    t.diagnostic(`${label}: ${server.name} ${server.version}, ${tools.length} tools`);
    t.diagnostic(`${label}: ${await usage(containerName)}`);
  } finally {
    await client.close();
  }
}

// Any HTTP response means the server listens. A TCP connect alone proves nothing: docker-proxy
// accepts on the published port before the server is up, then resets or stalls the connection.
function httpStatus(url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on("timeout", () => request.destroy(new Error("no response within 1s")));
    request.on("error", reject);
  });
}

async function waitForHttp(name, baseUrl) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError;
  for (let attempt = 0, delay = 50; Date.now() < deadline; attempt++) {
    try {
      await httpStatus(new URL("/", baseUrl));
      return attempt;
    } catch (error) {
      lastError = error;
    }
    if (attempt % 10 === 9) {
      // Fail fast when the server has exited rather than waiting out the deadline.
      const state = await docker(["inspect", "--format", "{{.State.Status}}", name]).catch(() => "removed");
      if (state !== "running") {
        const logs = await docker(["logs", "--tail", "20", name]).catch(() => "(no logs)");
        throw new Error(`container ${name} is ${state} before serving HTTP; logs:\n${logs}`);
      }
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
  throw new Error(
    `${baseUrl} gave no HTTP response within ${READY_TIMEOUT_MS / 1000}s ` +
      `(last error: ${lastError?.message})`,
  );
}

// Starts the server detached with its port published on 127.0.0.1 only, the way the example
// specs start it (command node /app/dist/index.js, the transport as argument); returns its URL.
async function startHttpContainer(mode, t) {
  const name = `berth-test-everything-${mode.toLowerCase()}-${runId}`;
  started.add(name);
  await docker([
    "run", "--detach", "--rm", "--name", name, "--label", "berth.test=true",
    ...HARDENING, ...HTTP_LIMITS,
    "--publish", `127.0.0.1::${PORT}`,
    "--env", `PORT=${PORT}`,
    "--entrypoint", "node", IMAGE, "/app/dist/index.js", mode,
  ]);
  const published = await docker(["port", name, `${PORT}/tcp`]);
  const match = published.match(/^127\.0\.0\.1:(\d+)$/m);
  assert.ok(match, `unexpected docker port output for ${name}: ${published}`);
  const baseUrl = `http://127.0.0.1:${match[1]}`;
  const attempts = await waitForHttp(name, baseUrl);
  t.diagnostic(`${mode}: ${name} serves ${baseUrl} (ready after ${attempts} retries)`);
  return { name, baseUrl };
}

test("docker, the image and the MCP SDK are available", async () => {
  await preflight();
});

test("stdio: initialize, tools/list, echo", { timeout: 120_000 }, async (t) => {
  const sdk = await preflight();
  const name = `berth-test-everything-stdio-${runId}`;
  started.add(name);
  const transport = new sdk.StdioClientTransport({
    command: "docker",
    args: [
      "run", "--interactive", "--rm", "--name", name, "--label", "berth.test=true",
      ...HARDENING, ...STDIO_LIMITS, "--network", "none",
      IMAGE, "stdio",
    ],
    env: Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  try {
    await exercise(sdk, transport, "stdio", t, name);
  } catch (error) {
    error.message += `\n--- docker run stderr ---\n${stderr.trim() || "(empty)"}`;
    throw error;
  } finally {
    await removeContainer(name);
  }
});

test("streamable-http: initialize, tools/list, echo on /mcp", { timeout: 120_000 }, async (t) => {
  const sdk = await preflight();
  const { name, baseUrl } = await startHttpContainer("streamableHttp", t);
  try {
    const transport = new sdk.StreamableHTTPClientTransport(new URL("/mcp", baseUrl));
    await exercise(sdk, transport, "streamable-http", t, name);
  } finally {
    await removeContainer(name);
  }
});

test("sse: initialize, tools/list, echo on /sse", { timeout: 120_000 }, async (t) => {
  const sdk = await preflight();
  const { name, baseUrl } = await startHttpContainer("sse", t);
  try {
    // The server announces its message endpoint (/message?sessionId=...) on the stream.
    const transport = new sdk.SSEClientTransport(new URL("/sse", baseUrl));
    await exercise(sdk, transport, "sse", t, name);
  } finally {
    await removeContainer(name);
  }
});
