// bench_sdk_routes: the official MCP SDK client (@modelcontextprotocol/sdk, from tests/e2e)
// against @modelcontextprotocol/server-everything in containers, side by side in one run:
//   direct       the streamable-http server's own port, published on 127.0.0.1 (docker-proxy);
//   berth http   the same server through berth's /mcp/everything-http;
//   berth stdio  the stdio server through berth's /mcp/everything (one shared attach stream).
// Each phase opens SESSIONS clients (each its own MCP session), warms up, then calls `echo` in a
// closed loop for SECONDS and prints calls/s with p50/p90/p99 latency. Phases alternate (direct,
// berth, direct, berth, …) for ROUNDS rounds so that drift of a busy machine hits both alike,
// then the medians and berth's figures against direct are printed. It asserts nothing.
//
// Usage: node tools/bench/sdk_routes_bench.mjs [--sessions 8,1] [--seconds 10] [--rounds 2]
// Needs: a built berth (BERTH_BINARY, default build/release/tools/berth/berth), dockerd,
// mcp/everything:latest (examples/everything/build-image.sh), npm ci --prefix tests/e2e.
// Loopback only; bounded in time; removes its own containers at the end.

import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import { BerthProcess, EVERYTHING_SPECS, checkPrerequisites, docker } from
  "../../tests/examples/berth_harness.mjs";

const WARMUP_MS = 1000;

// The SDK reuses one AbortSignal for every request of a transport, and Node's fetch lets go of
// its listeners only when they are collected: thousands of calls trip Node's leak warning, which
// is about the client, not the route measured. Keep other warnings.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "MaxListenersExceededWarning") console.warn(warning);
});

function options() {
  const { values } = parseArgs({
    options: {
      sessions: { type: "string", default: "8,1" },
      seconds: { type: "string", default: "10" },
      rounds: { type: "string", default: "2" },
    },
  });
  return {
    sessions: values.sessions.split(",").map(Number),
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
  };
}

// The host port Docker published on 127.0.0.1 for the container's port 3001.
async function publishedPort(containerId) {
  const format = '{{(index (index .NetworkSettings.Ports "3001/tcp") 0).HostPort}}';
  return Number(await docker(["inspect", "--format", format, containerId]));
}

async function openClients(sdk, url, count) {
  const clients = [];
  for (let i = 0; i < count; ++i) {
    const client = new sdk.Client({ name: "bench", version: "1.0.0" }, { capabilities: {} });
    await client.connect(new sdk.StreamableHTTPClientTransport(new URL(url)));
    clients.push(client);
  }
  return clients;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

// One closed loop per client until `until`; latencies (ms) of the calls that started after
// `measureFrom` and ended before `until`.
async function load(clients, measureFrom, until) {
  const latencies = [];
  const loop = async (client) => {
    while (performance.now() < until) {
      const start = performance.now();
      await client.callTool({ name: "echo", arguments: { message: "bench" } });
      const end = performance.now();
      if (start >= measureFrom && end <= until) latencies.push(end - start);
    }
  };
  await Promise.all(clients.map(loop));
  return latencies.sort((a, b) => a - b);
}

async function phase(sdk, url, sessions, seconds) {
  const clients = await openClients(sdk, url, sessions);
  const start = performance.now();
  const latencies = await load(clients, start + WARMUP_MS, start + WARMUP_MS + seconds * 1000);
  await Promise.all(clients.map((client) => client.close()));
  return {
    rate: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
  };
}

function show(label, r) {
  console.log(
    `  ${label.padEnd(20)} ${r.rate.toFixed(0).padStart(6)} calls/s  p50 ${r.p50.toFixed(2)} ms` +
      `  p90 ${r.p90.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main() {
  const opts = options();
  process.env.BERTH_BINARY ||= "build/release/tools/berth/berth";
  if (!existsSync(process.env.BERTH_BINARY)) {
    throw new Error(`no berth at ${process.env.BERTH_BINARY} (set BERTH_BINARY)`);
  }
  const sdk = await checkPrerequisites();
  const berth = await BerthProcess.start({
    specs: { everything: EVERYTHING_SPECS.everything,
      "everything-http": EVERYTHING_SPECS["everything-http"] },
  });
  try {
    const http = await berth.waitReady("everything-http");
    await berth.waitReady("everything");
    const targets = {
      direct: `http://127.0.0.1:${await publishedPort(http.containerId)}/mcp`,
      "berth http": berth.url("/mcp/everything-http").href,
      "berth stdio": berth.url("/mcp/everything").href,
    };
    console.log(`bench_sdk_routes: ${opts.seconds} s per phase, ${opts.rounds} rounds, ` +
      `berth ${process.env.BERTH_BINARY}`);
    for (const sessions of opts.sessions) {
      console.log(`${sessions} session${sessions === 1 ? "" : "s"}, closed loop, echo:`);
      const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
      for (let round = 0; round < opts.rounds; ++round) {
        for (const [name, url] of Object.entries(targets)) {
          const result = await phase(sdk, url, sessions, opts.seconds);
          runs[name].push(result);
          show(`${name} #${round + 1}`, result);
        }
      }
      const med = (name, key) => median(runs[name].map((r) => r[key]));
      for (const name of Object.keys(targets)) {
        show(`${name} (median)`, {
          rate: med(name, "rate"), p50: med(name, "p50"), p90: med(name, "p90"),
          p99: med(name, "p99"),
        });
      }
      const share = med("berth http", "rate") / med("direct", "rate");
      const added = med("berth http", "p50") - med("direct", "p50");
      console.log(`  berth http against direct: ${share.toFixed(2)}x throughput, ` +
        `${added >= 0 ? "+" : ""}${added.toFixed(2)} ms at p50`);
    }
  } finally {
    await berth.stop();
  }
}

main().catch((error) => {
  console.error(`bench_sdk_routes: ${error.stack ?? error}`);
  process.exit(1);
});
