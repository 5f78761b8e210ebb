/**
 * HTTP overhead (issue 2): an authenticated GET through the whole plugin stack against a bare node:http server
 * answering the same bytes, both measured with autocannon (100 connections) in the same run. Each server runs in
 * a child process, so autocannon's own work does not share its event loop. Target: the application serves at
 * least half the requests per second of the bare server.
 */
import autocannon, { type Result } from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { cpuOf, exited, firstMessage, forkTs, machine, printTable, writeResult } from './lib.ts';
import type { AppServerReady } from './servers/app-server.ts';
import type { BareServerReady } from './servers/bare-server.ts';

const CONNECTIONS = 100;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Math.min(3, DURATION);
const TARGET = 0.5;

/**
 * The routes measured: the lazy region tree (session, permission, one indexed query: the figure of issue 2), the
 * session alone (what authentication costs), and the public health check without a session (what the framework and
 * its plugins cost).
 */
const ROUTES = [
  {
    name: '下级区划 children of 忻州市',
    url: '/api/regions/children?parent=140900000000',
    withSession: true,
  },
  { name: '当前会话 session', url: '/api/auth/session', withSession: true },
  { name: '健康检查 health, no session', url: '/api/health', withSession: false },
];

interface Measure {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU time the server used per answered request. */
  cpuMicrosecondsPerRequest: number;
}

async function measure(
  server: ChildProcess,
  url: string,
  headers: Record<string, string> = {},
): Promise<Measure> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP, headers });
  const cpuBefore = await cpuOf(server);
  const result: Result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  const cpuUsed = (await cpuOf(server)) - cpuBefore;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicrosecondsPerRequest: Math.round(cpuUsed / Math.max(result.requests.total, 1)),
  };
}

export async function runHttpBenchmark(): Promise<{ ok: boolean }> {
  console.log(
    `\nHTTP overhead: autocannon, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run`,
  );
  const appServer = forkTs('servers/app-server.ts', [ROUTES.map((r) => r.url).join(',')]);
  const bareServer = forkTs('servers/bare-server.ts');
  try {
    const app = await firstMessage<AppServerReady>(appServer);
    const bareReady = firstMessage<BareServerReady>(bareServer);
    bareServer.send(app.bodies);
    const bare = await bareReady;

    const results = [];
    for (const route of ROUTES) {
      const bareMeasure = await measure(bareServer, `http://127.0.0.1:${bare.port}${route.url}`);
      const headers: Record<string, string> = route.withSession ? { cookie: app.cookie } : {};
      const appMeasure = await measure(appServer, `http://127.0.0.1:${app.port}${route.url}`, headers);
      const ratio = appMeasure.requestsPerSecond / bareMeasure.requestsPerSecond;
      results.push({
        route: route.url,
        name: route.name,
        withSession: route.withSession,
        bodyBytes: Buffer.byteLength(app.bodies[route.url] ?? ''),
        bare: bareMeasure,
        app: appMeasure,
        ratio: Number(ratio.toFixed(3)),
        /** Bare CPU per request over the application's: what the ratio would be on an otherwise idle core. */
        cpuRatio: Number(
          (bareMeasure.cpuMicrosecondsPerRequest / appMeasure.cpuMicrosecondsPerRequest).toFixed(3),
        ),
        target: TARGET,
        meetsTarget: ratio >= TARGET && appMeasure.non2xx === 0 && appMeasure.errors === 0,
      });
    }

    printTable(
      "HTTP overhead (ratio = application req/s ÷ bare node:http req/s; CPU ratio = bare CPU µs/request ÷ application's)",
      results.map((r) => ({
        route: r.route,
        session: r.withSession ? 'yes' : 'no',
        bytes: r.bodyBytes,
        'bare req/s': r.bare.requestsPerSecond,
        'app req/s': r.app.requestsPerSecond,
        'app p50/p99 ms': `${r.app.latencyP50Ms}/${r.app.latencyP99Ms}`,
        'non-2xx/errors': `${r.app.non2xx}/${r.app.errors}`,
        'CPU µs/req bare/app': `${r.bare.cpuMicrosecondsPerRequest}/${r.app.cpuMicrosecondsPerRequest}`,
        ratio: r.ratio.toFixed(2),
        'CPU ratio': r.cpuRatio.toFixed(2),
        target: `≥ ${TARGET}`,
        '': r.meetsTarget ? 'ok' : 'MISSED',
      })),
    );
    const file = writeResult('http', {
      benchmark: 'http-overhead',
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      machine: machine(),
      results,
    });
    console.log(`written to ${file}`);
    return { ok: results.filter((r) => r.withSession).every((r) => r.meetsTarget) };
  } finally {
    for (const child of [appServer, bareServer]) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
}
