/**
 * HTTP overhead: an authenticated GET through the whole plugin stack against a bare node:http server answering the
 * same bytes, both measured with autocannon (100 connections) in the same run. Each server runs in a child process,
 * so autocannon's own work does not share its event loop. Target: the application serves at least half the requests
 * per second of the bare server.
 */
import autocannon, { type Result } from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { cpuOf, exited, firstMessage, forkTs, machine, printTable, writeResult } from './lib.ts';
import type { AppServerReady } from './servers/app-server.ts';
import type { BareServerReady } from './servers/bare-server.ts';

const CONNECTIONS = 100;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Math.min(2, DURATION);
/**
 * Rounds of (bare, same answer, application), interleaved: on a shared virtual machine the loopback's speed drifts
 * by a third within minutes, so each round's ratio is taken between runs seconds apart, and the median round kept.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET = 0.5;

/**
 * The routes measured. The target (half the bare server's requests per second) is for an authenticated GET through
 * the whole plugin stack (session cookie, session look-up, password and permission gates, security headers,
 * response serialisation) — the session answer, which does nothing else. The other two show what one indexed
 * database query adds (the lazy region tree) and what the framework costs without a session (the health check,
 * which also runs `select 1`).
 */
const ROUTES = [
  { name: '当前会话 session', url: '/api/auth/session', withSession: true, withTarget: true },
  {
    name: '下级区划 children of 忻州市',
    url: '/api/regions/children?parent=140900000000',
    withSession: true,
    withTarget: false,
  },
  { name: '健康检查 health, no session', url: '/api/health', withSession: false, withTarget: false },
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
    `\nHTTP overhead: autocannon, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, ` +
      `${ROUNDS} interleaved rounds, median round`,
  );
  const appServer = forkTs('servers/app-server.ts', [ROUTES.map((r) => r.url).join(',')]);
  const bareServer = forkTs('servers/bare-server.ts');
  try {
    const app = await firstMessage<AppServerReady>(appServer);
    const bareAnswer = firstMessage<BareServerReady>(bareServer);
    bareServer.send(app.answers);
    const bareReady = await bareAnswer;

    const results = [];
    for (const route of ROUTES) {
      const headers: Record<string, string> = route.withSession ? { cookie: app.cookie } : {};
      const rounds: Array<{ bare: Measure; sameAnswer: Measure; app: Measure }> = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push({
          bare: await measure(bareServer, `http://127.0.0.1:${bareReady.bodyOnlyPort}${route.url}`),
          sameAnswer: await measure(bareServer, `http://127.0.0.1:${bareReady.sameAnswerPort}${route.url}`),
          app: await measure(appServer, `http://127.0.0.1:${app.port}${route.url}`, headers),
        });
      }
      const roundRatio = (r: (typeof rounds)[number]) => r.app.requestsPerSecond / r.bare.requestsPerSecond;
      const median = [...rounds].sort((a, b) => roundRatio(a) - roundRatio(b))[
        Math.floor(rounds.length / 2)
      ]!;
      const { bare, sameAnswer, app: appMeasure } = median;
      const ratio = roundRatio(median);
      results.push({
        route: route.url,
        name: route.name,
        withSession: route.withSession,
        withTarget: route.withTarget,
        bodyBytes: Buffer.byteLength(app.answers[route.url]?.body ?? ''),
        /** node:http sending the same body with content-type and content-length only: the target's reference. */
        bare,
        /** node:http sending the application's whole answer, security headers included. */
        bareSameAnswer: sameAnswer,
        app: appMeasure,
        /** Every round's ratio; the figures above are the median round's. */
        roundRatios: rounds.map((r) => Number(roundRatio(r).toFixed(3))),
        ratio: Number(ratio.toFixed(3)),
        ratioToSameAnswer: Number((appMeasure.requestsPerSecond / sameAnswer.requestsPerSecond).toFixed(3)),
        /** Bare CPU per request over the application's: what the ratio would be on an otherwise idle core. */
        cpuRatio: Number((bare.cpuMicrosecondsPerRequest / appMeasure.cpuMicrosecondsPerRequest).toFixed(3)),
        target: route.withTarget ? TARGET : null,
        meetsTarget: ratio >= TARGET && rounds.every((r) => r.app.non2xx === 0 && r.app.errors === 0),
      });
    }

    printTable(
      'HTTP overhead (ratio = application req/s ÷ bare node:http req/s, bare sending the same body with ' +
        'content-type and content-length; "same answer" = bare sending the application\'s headers too)',
      results.map((r) => ({
        route: r.route,
        session: r.withSession ? 'yes' : 'no',
        bytes: r.bodyBytes,
        'bare req/s': r.bare.requestsPerSecond,
        'same answer req/s': r.bareSameAnswer.requestsPerSecond,
        'app req/s': r.app.requestsPerSecond,
        'app p50/p99 ms': `${r.app.latencyP50Ms}/${r.app.latencyP99Ms}`,
        'non-2xx/errors': `${r.app.non2xx}/${r.app.errors}`,
        'CPU µs/req bare/app': `${r.bare.cpuMicrosecondsPerRequest}/${r.app.cpuMicrosecondsPerRequest}`,
        'ratio (rounds)': `${r.ratio.toFixed(2)} (${r.roundRatios.map((x) => x.toFixed(2)).join(' ')})`,
        'ratio to same answer': r.ratioToSameAnswer.toFixed(2),
        'CPU ratio': r.cpuRatio.toFixed(2),
        target: r.target === null ? '—' : `≥ ${r.target}`,
        '': r.target === null ? '' : r.meetsTarget ? 'ok' : 'MISSED',
      })),
    );
    const file = writeResult('http', {
      benchmark: 'http-overhead',
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      warmupSeconds: WARMUP,
      machine: machine(),
      results,
    });
    console.log(`written to ${file}`);
    return { ok: results.filter((r) => r.withTarget).every((r) => r.meetsTarget) };
  } finally {
    for (const child of [appServer, bareServer]) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
}
