// What berth's node tests share: a berth process on a spec directory of its own (BerthProcess),
// the docker CLI, the MCP SDK and SDK clients connected through berth.
//
// Each BerthProcess runs with an --instance name of its own and, when stopped, removes exactly
// that instance's containers (by their berth.instance label) and its temporary directory.

import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const READY_TIMEOUT_MS = 60_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const EVERYTHING_IMAGE = "mcp/everything:latest";

// The example "everything" server once per backend transport, by berth server name.
export const EVERYTHING_SPECS = {
  everything: "examples/everything/everything.yaml", // stdio
  "everything-http": "examples/everything/everything-http.yaml", // streamable-http
  "everything-sse": "examples/everything/everything-sse.yaml", // legacy sse
};

export function docker(args) {
  return new Promise((resolve, reject) => {
    execFile("docker", args, { timeout: 60_000, encoding: "utf8" }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`docker ${args[0]}: ${(stderr || error.message).trim()}`))
        : resolve(stdout.trim()),
    );
  });
}

// Fails with what to do when something the tests need is missing; resolves with the SDK module.
export async function checkPrerequisites() {
  assert.ok(process.env.BERTH_BINARY, "BERTH_BINARY is not set (ctest sets it to the built berth)");
  await docker(["image", "inspect", "--format", "{{.Id}}", EVERYTHING_IMAGE]).catch(() => {
    throw new Error(`image ${EVERYTHING_IMAGE} is missing: run examples/everything/build-image.sh`);
  });
  return import("../e2e/mcp_sdk.mjs").catch((error) => {
    throw new Error(`the MCP SDK is not installed: npm ci --prefix tests/e2e (${error.message})`);
  });
}

export class BerthProcess {
  // Starts berth on copies of `specs` ({server name: spec file}); `token` runs it with
  // --token-file, `watch` with --watch; `args` are more options for `berth run`. Resolves once it
  // listens.
  static async start({ specs, token, watch = false, args = [] }) {
    const berth = new BerthProcess(token);
    try {
      await berth.#spawn(specs, watch, args);
    } catch (error) {
      await berth.stop();
      throw error;
    }
    return berth;
  }

  base = ""; // http://127.0.0.1:PORT
  port = 0;
  log = "";
  instance = `e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  #dir = mkdtempSync(path.join(tmpdir(), "berth-e2e-"));
  #child = null;
  #token;

  constructor(token) {
    this.#token = token;
  }

  // The headers every request needs (the bearer token when berth runs with one).
  get headers() {
    return this.#token ? { Authorization: `Bearer ${this.#token}` } : {};
  }

  url(pathname) {
    return new URL(pathname, this.base);
  }

  specPath(name) {
    return path.join(this.#dir, "specs", `${name}.yaml`);
  }

  // Rewrites a spec file in place (berth --watch picks the change up).
  editSpec(name, edit) {
    writeFileSync(this.specPath(name), edit(readFileSync(this.specPath(name), "utf8")));
  }

  async status(name) {
    const response = await fetch(this.url(`/status/${name}`), { headers: this.headers });
    return response.json();
  }

  // Waits until /status/{name} is Ready and `until(status)` holds; resolves with that status.
  async waitReady(name, until = () => true) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = "";
    while (Date.now() < deadline) {
      try {
        const status = await this.status(name);
        if (status.ready && until(status)) return status;
        last = JSON.stringify({ phase: status.phase, lastError: status.lastError });
      } catch (error) {
        last = error.message;
      }
      await sleep(200);
    }
    throw new Error(`${name} not Ready within ${READY_TIMEOUT_MS} ms: ${last}\n${this.tail()}`);
  }

  tail() {
    return this.log.slice(-3000);
  }

  // Whether the berth process is still running (it has neither exited nor been killed).
  get running() {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  // Stops berth, then removes this instance's containers and files.
  async stop() {
    const child = this.#child;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    const label = `label=berth.instance=${this.instance}`;
    const ids = await docker(["ps", "-aq", "--filter", label]).catch(() => "");
    if (ids) await docker(["rm", "-f", ...ids.split("\n")]).catch(() => {});
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #spawn(specs, watch, extraArgs) {
    const specDir = path.join(this.#dir, "specs");
    const secretDir = path.join(this.#dir, "secrets");
    mkdirSync(specDir);
    mkdirSync(secretDir);
    for (const [name, file] of Object.entries(specs)) copyFileSync(file, this.specPath(name));
    const args = ["run", "--specs", specDir, "--secrets", secretDir, "--instance", this.instance,
      "--listen", "127.0.0.1:0"];
    if (watch) args.push("--watch");
    args.push(...extraArgs);
    if (this.#token) {
      const tokenFile = path.join(this.#dir, "token");
      writeFileSync(tokenFile, `${this.#token}\n`, { mode: 0o600 });
      args.push("--token-file", tokenFile);
    }
    this.#child = spawn(process.env.BERTH_BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
      const fail = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`berth did not start:\n${this.log}`)), 30_000);
      const onData = (chunk) => {
        this.log += chunk;
        const listen = /berth running .*listen=([0-9.]+):(\d+)/.exec(this.log);
        if (listen && !this.base) {
          clearTimeout(timer);
          this.port = Number(listen[2]);
          this.base = `http://${listen[1]}:${listen[2]}`;
          resolve();
        }
      };
      this.#child.stdout.on("data", onData);
      this.#child.stderr.on("data", onData);
      this.#child.on("error", (error) => fail(new Error(`cannot run berth: ${error.message}`)));
      this.#child.on("exit", (code) => fail(new Error(`berth exited (${code}):\n${this.log}`)));
    });
  }
}

// An SDK client connected to /mcp/{name} through berth (Streamable HTTP).
export async function connect(sdk, berth, name, { capabilities = {}, headers } = {}) {
  const client = new sdk.Client({ name: "berth-e2e", version: "1.0.0" }, { capabilities });
  const transport = new sdk.StreamableHTTPClientTransport(berth.url(`/mcp/${name}`), {
    requestInit: headers ? { headers } : undefined,
  });
  await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS });
  return client;
}

export async function echo(client, message) {
  const result = await client.callTool({ name: "echo", arguments: { message } });
  return result.content[0].text;
}

// Rejects with `message` if `promise` has not settled within `ms`.
export function within(ms, promise, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (not within ${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
