import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testDialects, type Agent, type TestContext } from './helper.ts';
import {
  csvOf,
  LEDGER_HEADER,
  ledgerRow,
  signInCountyClerk,
  villagesOf,
  waitForJob,
} from './fixtures/registry-import-kit.ts';

/**
 * Every malformed multipart body is a 400 (413 when the size is the problem) naming the
 * field, with no job and no file left; an upload cut off by its client leaves no file; the import folder's cap
 * answers 507 before anything is written.
 */

const BOUNDARY = '----jiuyeTestBoundary7MA4YWxkTrZu0gW';
const ROUTES = ['/api/registry/import', '/api/policy/grants/import'] as const;

const filePart = (name = 'ledger.csv', content = 'a,b\r\n1,2\r\n') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
const closing = `--${BOUNDARY}--\r\n`;
const withBoundary = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

/** Each malformed shape: its body, its content type, the answer expected and the field named. */
const SHAPES: Array<{
  name: string;
  payload: string;
  headers: Record<string, string>;
  status: number;
  code: string;
  field: string;
}> = [
  {
    name: 'no boundary parameter',
    payload: filePart() + closing,
    headers: { 'content-type': 'multipart/form-data' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'no closing boundary',
    payload: filePart(),
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'truncated part headers',
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filen`,
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'empty body',
    payload: '',
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'a body that is not multipart',
    payload: '序号,姓名\r\n1,张三\r\n',
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'a file part without a filename',
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\na,b\r\n1,2\r\n\r\n${closing}`,
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'a second file part',
    payload: filePart('one.csv') + filePart('two.csv') + closing,
    headers: withBoundary,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'file',
  },
  {
    name: 'a field too large',
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\n${'x'.repeat(5000)}\r\n${filePart()}${closing}`,
    headers: withBoundary,
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'dryRun',
  },
];

const uploadsIn = (directory: string) =>
  fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.endsWith('.upload')) : [];

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe.each(testDialects())('import uploads (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-uploads-'));
    context = await createTestApp(dialect, { importDirectory: directory });
    county = await signInCountyClerk(context);
  });
  afterAll(async () => {
    await context?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const count = async (table: 'importJob' | 'importJobRow' | 'policyGrant') =>
    Number(
      (
        await context.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe.each(ROUTES)('%s', (route) => {
    // Each shape on its own: what one leaves behind is not the next one's failure.
    afterEach(() => {
      for (const name of uploadsIn(directory)) fs.rmSync(path.join(directory, name));
    });
    it.each(SHAPES)('$name: $status naming the field, nothing written', async (shape) => {
      const response = await county.request('POST', route, Buffer.from(shape.payload), shape.headers);
      expect(response.statusCode, response.body).toBe(shape.status);
      const { error } = response.json() as {
        error: { code: string; message: string; details: Array<{ field?: string; message: string }> };
      };
      expect(error.code).toBe(shape.code);
      expect(error.message).toMatch(/[\u4e00-\u9fff]/u);
      expect(error.details.map((detail) => detail.field)).toContain(shape.field);
      expect(await count('importJob')).toBe(0);
      expect(await count('policyGrant')).toBe(0);
      expect(uploadsIn(directory)).toEqual([]);
    });
  });

  it('an upload whose client goes away mid-body leaves no file', async () => {
    await context.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = context.app.server.address() as AddressInfo;
    const village = (await villagesOf(context.db, '140902', 1))[0]!;
    const rows = Array.from({ length: 900 }, (_, index) => ledgerRow(village, index + 1));
    const content = Buffer.from(csvOf([LEDGER_HEADER, ...rows]));
    const head = Buffer.from(filePart('ledger.csv', '').slice(0, -2));
    const tail = Buffer.from(`\r\n${closing}`);
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/registry/import',
      headers: {
        ...withBoundary,
        'content-length': String(head.length + content.length + tail.length),
        cookie: county.cookie,
        'x-csrf-token': county.csrfToken,
      },
    });
    request.on('error', () => undefined);
    request.write(head);
    request.write(content.subarray(0, content.length >> 1));
    // The server has begun writing the file: then the client is gone.
    await until(() => uploadsIn(directory).length === 1, 'the partial upload to appear');
    request.destroy();
    await until(() => uploadsIn(directory).length === 0, 'the partial upload to be removed');
    expect(await count('importJob')).toBe(0);
  });
});

describe.each(testDialects())('the import folder cap (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-uploads-cap-'));
    // 64 KB: a test file fits, a second one does not.
    context = await createTestApp(dialect, {
      importDirectory: directory,
      importDirectoryCapBytes: 64 * 1024,
    });
    county = await signInCountyClerk(context);
  });
  afterEach(() => {
    for (const name of uploadsIn(directory)) fs.rmSync(path.join(directory, name));
  });
  afterAll(async () => {
    await context?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const jobs = async () =>
    Number(
      (
        await context.db
          .selectFrom('importJob')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a full folder answers 507 and writes nothing', async () => {
    // What a resumable job left: 60 KB of the 64 KB.
    fs.writeFileSync(path.join(directory, 'held.upload'), Buffer.alloc(60 * 1024));
    const village = (await villagesOf(context.db, '140902', 1))[0]!;
    const content = csvOf([
      LEDGER_HEADER,
      ...Array.from({ length: 40 }, (_, i) => ledgerRow(village, i + 1)),
    ]);
    const response = await county.request(
      'POST',
      '/api/registry/import',
      Buffer.from(filePart('ledger.csv', content) + closing),
      withBoundary,
    );
    expect(response.statusCode, response.body).toBe(507);
    expect(response.json().error.code).toBe('INSUFFICIENT_STORAGE');
    expect(response.json().error.message).toContain('导入文件夹已满');
    expect(response.json().error.details[0].field).toBe('file');
    expect(uploadsIn(directory)).toEqual(['held.upload']);
    expect(await jobs()).toBe(0);
  });

  it('a folder with room takes the upload', async () => {
    const village = (await villagesOf(context.db, '140902', 1))[0]!;
    const response = await county.request(
      'POST',
      '/api/registry/import',
      Buffer.from(filePart('ledger.csv', csvOf([LEDGER_HEADER, ledgerRow(village, 1)])) + closing),
      { ...withBoundary },
    );
    expect(response.statusCode, response.body).toBe(202);
    expect((await waitForJob(county, response.json().id)).status).toBe('finished');
    expect(await jobs()).toBe(1);
  });
});
