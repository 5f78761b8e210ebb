import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase, describeDatabase } from './db/open.ts';
import { migrateToLatest } from './db/migrate.ts';
import { initialize } from './setup/first-start.ts';
import { openConfiguredKeyRing } from './modules/keys/data-key.service.ts';
import { seedDemoRegistry } from './setup/demo-registry.ts';

/** Starts the platform: migrate, check the data key, first-start setup, listen, and shut down on SIGINT/SIGTERM. */
export async function startServer(config: Config, options: { demo: boolean }): Promise<void> {
  const db = openDatabase(config);
  let keyRing;
  try {
    console.log(`数据库 / database: ${describeDatabase(config)}`);
    await migrateToLatest(db);
    // JIUYE_DATA_KEY, or the key file beside the database, checked against the keys the data was written with:
    // a key that does not fit stops here, before anything is written; a key is made only for
    // an empty database.
    keyRing = await openConfiguredKeyRing(db, config, { log: (line) => console.log(line) });
    await initialize(db, config, { demo: options.demo, log: (line) => console.log(line) });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (options.demo) await seedDemoRegistry(db, keyRing, (line) => console.log(line));
  const app = await buildApp({ db, config, keyRing, logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}/`;
  console.log(`\n就业帮扶信息平台已启动 / jiuye is running: ${url}`);
  console.log(`API 文档 / API docs: ${url}api/docs\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
