/** The floor: node:http answering the same bytes as the application, with nothing in between. */
import http from 'node:http';
import { answerCpuQueries } from '../lib.ts';

export interface BareServerReady {
  port: number;
}

answerCpuQueries();
process.once('message', (message) => {
  const bodies = new Map(
    Object.entries(message as Record<string, string>).map(([url, body]) => [url, Buffer.from(body)]),
  );
  const server = http.createServer((request, response) => {
    const body = bodies.get(request.url ?? '');
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({
      port: typeof address === 'object' && address ? address.port : 0,
    } satisfies BareServerReady);
  });
  const close = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  process.on('disconnect', close);
});
