/**
 * The floor: node:http answering each benchmarked URL with nothing in between, on two ports:
 * - `bodyOnlyPort`: the application's body with only content-type and content-length (what a framework-free JSON
 *   server would send): the reference of the target (at least half its requests per second);
 * - `sameAnswerPort`: the application's whole answer (the same headers too, recorded from its own answer), which
 *   separates what the framework and our code cost from what node:http costs to write the security headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCpuQueries } from '../lib.ts';
import type { RecordedAnswer } from './app-server.ts';

export interface BareServerReady {
  bodyOnlyPort: number;
  sameAnswerPort: number;
}

type Answer = { headers: Record<string, string>; body: Buffer };

function serve(answers: Map<string, Answer>): http.Server {
  return http.createServer((request, response) => {
    const answer = answers.get(request.url ?? '');
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { ...answer.headers, 'content-length': answer.body.length });
    response.end(answer.body);
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

answerCpuQueries();
async function start(message: unknown): Promise<void> {
  const recorded = Object.entries(message as Record<string, RecordedAnswer>);
  const sameAnswer = serve(
    new Map(recorded.map(([url, a]) => [url, { headers: a.headers, body: Buffer.from(a.body) }])),
  );
  const bodyOnly = serve(
    new Map(
      recorded.map(([url, a]) => [
        url,
        {
          headers: { 'content-type': a.headers['content-type'] ?? 'application/json' },
          body: Buffer.from(a.body),
        },
      ]),
    ),
  );
  const ready: BareServerReady = {
    bodyOnlyPort: await listen(bodyOnly),
    sameAnswerPort: await listen(sameAnswer),
  };
  process.send?.(ready);
  const close = () => {
    for (const server of [sameAnswer, bodyOnly]) server.closeAllConnections();
    sameAnswer.close(() => bodyOnly.close(() => process.exit(0)));
  };
  process.on('SIGTERM', close);
  process.on('disconnect', close);
}

process.once('message', (message) => {
  start(message).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
