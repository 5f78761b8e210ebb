import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { KeyRing } from './lib/field-crypto.ts';

/** What app.ts hands every module's route plugin. */
export interface ModuleOptions {
  db: Db;
  config: Config;
  keyRing: KeyRing;
}
