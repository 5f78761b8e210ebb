import { parseArgs } from 'node:util';
import type { CliCommand } from '../../cli-command.ts';
import { loadConfig, type Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { describeDatabase, openDatabase } from '../../db/open.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { describeKeys, openConfiguredKeyRing } from './data-key.service.ts';
import { rotateKeys } from './key-rotation.ts';

/** `jiuye keys status` and `jiuye keys rotate`: run with the key ring the server uses. */

/** Opens the configured database and its checked key ring (stops when the ring does not fit), runs, closes. */
export async function withKeyRing(
  run: (db: Db, ring: KeyRing, config: Config) => Promise<number>,
): Promise<number> {
  const config = loadConfig();
  const db = openDatabase(config);
  try {
    console.error(describeDatabase(config));
    return await run(
      db,
      await openConfiguredKeyRing(db, config, { log: (line) => console.error(line) }),
      config,
    );
  } finally {
    await db.destroy();
  }
}

export async function runKeysStatus(db: Db, ring: KeyRing, print = console.log): Promise<number> {
  print('密钥 key   记录 recorded   加密值 values   ');
  for (const key of await describeKeys(db)) {
    const marks = [
      key.keyId === ring.currentId ? '当前 current' : '',
      key.isIndexKey ? '盲索引 blind index' : '',
      ring.keys.has(key.keyId) ? '' : '不在密钥环中 not in the ring',
    ].filter(Boolean);
    print(
      `  ${key.keyId.padEnd(8)} ${(key.isRecorded ? 'yes' : 'no').padEnd(13)} ${String(key.values).padStart(12)}   ${marks.join(', ')}`,
    );
  }
  return 0;
}

export async function runKeysRotate(
  db: Db,
  ring: KeyRing,
  args: string[],
  io: { print: (line: string) => void; printError: (line: string) => void } = {
    print: console.log,
    printError: console.error,
  },
): Promise<number> {
  let chunkSize: number | undefined;
  try {
    const { values } = parseArgs({ args, options: { 'chunk-size': { type: 'string' } } });
    if (values['chunk-size'] !== undefined) {
      chunkSize = Number(values['chunk-size']);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000)
        throw new Error(`--chunk-size 应为 1 到 10000 的整数，收到 "${values['chunk-size']}"`);
    }
  } catch (error) {
    io.printError(`${(error as Error).message}\n用法 (usage): jiuye keys rotate [--chunk-size N]`);
    return 2;
  }
  io.printError(
    `重新加密到当前密钥 ${ring.currentId} (re-encrypting under the current key ${ring.currentId}) …`,
  );
  let lastReport = 0;
  const result = await rotateKeys(db, ring, {
    chunkSize,
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - lastReport < 1000 && done !== total) return;
      lastReport = now;
      io.printError(`已重新加密 ${done} / ${total} 个值 (values re-encrypted)`);
    },
  });
  io.print(`已重新加密 ${result.reencrypted} 个值 (values re-encrypted under ${ring.currentId})`);
  if (result.remaining > 0)
    io.print(
      `仍有 ${result.remaining} 个值不在 ${ring.currentId} 下（运行期间由使用旧密钥环的进程写入）：用新密钥环重启服务后再运行一次` +
        ` (${result.remaining} values are still under older keys, written meanwhile with the old ring: restart the server with the new ring and run again)`,
    );
  io.print(
    result.droppable.length > 0
      ? `可从密钥环中去掉 (may be dropped from the ring): ${result.droppable.join(', ')}`
      : '没有可去掉的旧密钥 (no old key may be dropped)',
  );
  io.print(
    `盲索引密钥 ${ring.indexKeyId} 须留在密钥环末尾 (the blind-index key ${ring.indexKeyId} stays last in the ring)`,
  );
  return result.remaining > 0 ? 1 : 0;
}

export const commands: Record<string, CliCommand> = {
  'keys status': {
    usage: 'jiuye keys status',
    summary: '数据密钥：数据库记录的密钥及各自加密的值数 (recorded data keys and values under each)',
    run: () => withKeyRing((db, ring) => runKeysStatus(db, ring)),
  },
  'keys rotate': {
    usage: 'jiuye keys rotate [--chunk-size N]',
    summary: '把不在当前密钥下的加密值重新加密（可随时中断再运行；服务可照常运行）',
    run: (args) => withKeyRing((db, ring) => runKeysRotate(db, ring, args)),
  },
};
