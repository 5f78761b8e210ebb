import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, REPOSITORY_ROOT } from '../src/config.ts';

const MB = 1024 * 1024;
const serverSource = fileURLToPath(new URL('../src/', import.meta.url));
const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));

describe('loadConfig', () => {
  it('gives the README defaults for an empty environment', () => {
    const sqlitePath = path.join(REPOSITORY_ROOT, 'data', 'jiuye.db');
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      sqlitePath,
      databaseUrl: undefined,
      dataDir: path.dirname(sqlitePath),
      dataKeyFile: path.join(REPOSITORY_ROOT, 'data', 'keys', 'data.key'),
      adminPassword: undefined,
      secureCookies: false,
      trustProxy: false,
      allowedOrigins: [],
      loginRateLimit: 20,
      sessionCacheMs: 5000,
      logLevel: 'info',
      dataKey: undefined,
      user: undefined,
      importMaxFileBytes: undefined,
      importMaxUncompressedBytes: undefined,
      importMaxCompressionRatio: undefined,
      importLanes: undefined,
      importDirectory: path.join(REPOSITORY_ROOT, 'data', 'imports'),
      importDirectoryCapBytes: 2048 * MB,
      importRetentionDays: 7,
      importMaxSharedStringBytes: 256 * MB,
      importChunkSize: undefined,
    });
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      JIUYE_DB: '/srv/jiuye/jiuye.db',
      JIUYE_SECURE_COOKIES: '1',
      JIUYE_TRUST_PROXY: 'true',
      JIUYE_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      JIUYE_LOGIN_RATE_LIMIT: '5',
      JIUYE_SESSION_CACHE_MS: '0',
      JIUYE_DATA_KEY: 'k1:abc',
      JIUYE_USER: 'xinfu',
      JIUYE_IMPORT_MAX_MB: '10',
      JIUYE_IMPORT_MAX_RATIO: '50',
      JIUYE_IMPORT_LANES: '2',
      JIUYE_IMPORT_DIR_MAX_MB: '0.5',
      JIUYE_IMPORT_RETENTION_DAYS: '0.5',
      JIUYE_IMPORT_MAX_SHARED_STRINGS_MB: '0.01',
      JIUYE_IMPORT_CHUNK_SIZE: '3',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      sqlitePath: '/srv/jiuye/jiuye.db',
      dataDir: '/srv/jiuye',
      dataKeyFile: '/srv/jiuye/keys/data.key',
      secureCookies: true,
      trustProxy: true,
      allowedOrigins: ['https://a.example', 'https://b.example'],
      loginRateLimit: 5,
      sessionCacheMs: 0,
      dataKey: 'k1:abc',
      user: 'xinfu',
      importMaxFileBytes: 10 * MB,
      importMaxCompressionRatio: 50,
      importLanes: 2,
      importDirectory: '/srv/jiuye/imports',
      importDirectoryCapBytes: Math.floor(0.5 * MB),
      importRetentionDays: 0.5,
      importMaxSharedStringBytes: 10_485.76,
      importChunkSize: 3,
      logLevel: 'debug',
    });
    // An empty variable is an unset one.
    expect(loadConfig({ PORT: '', JIUYE_IMPORT_RETENTION_DAYS: '' })).toMatchObject({
      port: 3000,
      importRetentionDays: 7,
    });
  });

  it.each([
    ['PORT', 'abc', '应为 0–65535 的端口号'],
    ['PORT', '70000', '应为 0–65535 的端口号'],
    ['DATABASE_URL', 'mysql://localhost/jiuye', '应为 postgres:// 连接串'],
    ['JIUYE_SECURE_COOKIES', 'yes', '应为 1 或 0'],
    ['JIUYE_TRUST_PROXY', 'on', '应为 1 或 0'],
    ['JIUYE_LOGIN_RATE_LIMIT', '0', '应为正整数 (must be a positive integer)'],
    ['JIUYE_LOGIN_RATE_LIMIT', '2.5', '应为正整数 (must be a positive integer)'],
    ['JIUYE_SESSION_CACHE_MS', '-1', '应为非负整数毫秒数'],
    ['JIUYE_IMPORT_MAX_MB', 'lots', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_MAX_UNCOMPRESSED_MB', '0', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_MAX_RATIO', '-3', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_LANES', 'x', '应为正整数 (must be a positive integer)'],
    ['JIUYE_IMPORT_DIR_MAX_MB', 'Infinity', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_RETENTION_DAYS', 'abc', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_RETENTION_DAYS', '0', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_RETENTION_DAYS', '-1', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_MAX_SHARED_STRINGS_MB', 'NaN', '应为正数 (must be a positive number)'],
    ['JIUYE_IMPORT_CHUNK_SIZE', '1.5', '应为正整数 (must be a positive integer)'],
    ['LOG_LEVEL', 'loud', '应为 fatal/error/warn/info/debug/trace/silent 之一'],
  ])('refuses %s=%s, naming the variable and what it should be', (name, value, should) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`${name} ${should}`);
    expect(() => loadConfig({ [name]: value })).toThrow(`: ${JSON.stringify(value)}`);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', JIUYE_IMPORT_LANES: '0' })).toThrow(/PORT .*\nJIUYE_IMPORT_LANES /u);
  });

  it('stops `jiuye serve` before it opens anything, with the message', () => {
    const result = spawnSync(process.execPath, [bin, 'serve'], {
      env: { ...process.env, JIUYE_IMPORT_RETENTION_DAYS: 'abc', JIUYE_DB: '/nonexistent/jiuye.db' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'JIUYE_IMPORT_RETENTION_DAYS 应为正数 (must be a positive number): "abc"',
    );
    expect(fs.existsSync('/nonexistent')).toBe(false);
  });
});

describe('the environment', () => {
  it('is read by config.ts only', () => {
    const readers: string[] = [];
    for (const entry of fs.readdirSync(serverSource, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts') || entry.endsWith('.test.ts') || entry === 'config.ts') continue;
      const lines = fs.readFileSync(path.join(serverSource, entry), 'utf8').split('\n');
      lines.forEach((line, index) => {
        // backup.service.ts hands this process's environment (PATH, PG*) on to pg_dump and pg_restore as a whole.
        if (entry.endsWith('backup.service.ts') && line.includes('{ ...process.env }')) return;
        if (/process\.env|\benv\.JIUYE_|\benv\[/u.test(line))
          readers.push(`${entry}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(readers).toEqual([]);
  });
});
