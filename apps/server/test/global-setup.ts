import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    dialects: Array<'sqlite' | 'postgres'>;
    postgresUrl: string;
  }
}

/**
 * Decides once which dialects the server suite runs on: JIUYE_TEST_DIALECTS when set (CI sets it), else SQLite,
 * plus PostgreSQL whenever one answers at TEST_DATABASE_URL or 127.0.0.1:5432.
 */
export default async function setup(project: TestProject): Promise<void> {
  const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let dialects: Array<'sqlite' | 'postgres'>;
  if (process.env.JIUYE_TEST_DIALECTS) {
    dialects = process.env.JIUYE_TEST_DIALECTS.split(',').map((d) => d.trim()) as Array<
      'sqlite' | 'postgres'
    >;
  } else {
    dialects = ['sqlite'];
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      dialects.push('postgres');
    } catch {
      console.warn(`PostgreSQL not reachable at ${postgresUrl}: server tests run on SQLite only`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  project.provide('dialects', dialects);
  project.provide('postgresUrl', postgresUrl);
}
