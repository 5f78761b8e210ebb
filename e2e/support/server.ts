import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_PASSWORD = 'Jiuye-Init-2026';

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  adminPassword: string;
  /**
   * The first password of the built-in security administrator `secadmin`, printed once at first start (三员分立: the
   * system administrator creates accounts, the security administrator grants them and issues their passwords).
   */
  securityAdminPassword: string;
  /** Demo accounts (`serve --demo`): username → password. */
  demoAccounts: Map<string, string>;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`jiuye serve exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`jiuye serve did not answer /api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * Starts the real server (`jiuye serve`) as a child process on a free port with a fresh SQLite database in a
 * temporary directory, and waits until /api/health answers. It serves the built web app (apps/web/dist), which the
 * `test:e2e` script builds first.
 */
export async function startServer(
  options: { env?: Record<string, string>; demo?: boolean } = {},
): Promise<TestServer> {
  if (!fs.existsSync(path.join(repoRoot, 'apps/web/dist/index.html'))) {
    throw new Error('apps/web/dist is missing: run `npm run build:web` (or `npm run test:e2e`) first');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const args = [
    path.join(repoRoot, 'apps/server/bin/jiuye.mjs'),
    'serve',
    ...(options.demo ? ['--demo'] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      JIUYE_DB: path.join(dir, 'jiuye.db'),
      DATABASE_URL: '',
      JIUYE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Every test logs in several times from the same address: the per-IP login limit is tested elsewhere.
      JIUYE_LOGIN_RATE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, output, 150_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const securityAdminPassword = /用户名 username: secadmin\s+初始密码 initial password: (\S+)/.exec(log)?.[1];
  if (!securityAdminPassword) {
    await stop();
    throw new Error(`jiuye serve printed no password for secadmin:\n${log}`);
  }
  return {
    url,
    adminPassword: ADMIN_PASSWORD,
    securityAdminPassword,
    demoAccounts: readDemoAccounts(dir),
    output,
    stop,
  };
}

/** demo-accounts.txt (beside the database) lines: `  username   password   显示名 (role)`. */
function readDemoAccounts(dir: string): Map<string, string> {
  const file = path.join(dir, 'demo-accounts.txt');
  const accounts = new Map<string, string>();
  if (!fs.existsSync(file)) return accounts;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [username, password] = line.trim().split(/\s+/);
    if (username && password) accounts.set(username, password);
  }
  return accounts;
}
