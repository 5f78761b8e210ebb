import { request, type APIRequestContext, type APIResponse } from 'playwright-core';
import type { TestServer } from './server.ts';

interface SessionInfo {
  user: { id: number; username: string; mustChangePassword: boolean; roles: string[] };
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * A logged-in API client with its own cookie jar, for seeding data and for checking what the pages claim to have
 * done. Sends the CSRF token on every state-changing request.
 */
export class ApiClient {
  private constructor(
    readonly http: APIRequestContext,
    private csrfToken: string,
    readonly session: SessionInfo,
  ) {}

  static async login(baseURL: string, username: string, password: string): Promise<ApiClient> {
    const http = await request.newContext({ baseURL });
    const response = await http.post('/api/auth/login', { data: { username, password } });
    if (!response.ok()) {
      throw new Error(`login ${username}: ${response.status()} ${await response.text()}`);
    }
    const info = (await response.json()) as SessionInfo;
    return new ApiClient(http, info.csrfToken, info);
  }

  /** Logs in and, when the password must be changed first, changes it to `newPassword`. */
  static async loginReady(baseURL: string, username: string, password: string, newPassword: string) {
    const client = await ApiClient.login(baseURL, username, password);
    if (!client.session.mustChangePassword) return client;
    await client.changePassword(password, newPassword);
    return client;
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const info = await this.expectOk<SessionInfo>(
      await this.http.post('/api/auth/password', {
        data: { oldPassword, newPassword },
        headers: { 'X-CSRF-Token': this.csrfToken },
      }),
    );
    this.csrfToken = info.csrfToken;
  }

  get(path: string, params?: Record<string, string | number | boolean>): Promise<APIResponse> {
    return this.http.get(`/api${path}`, { params });
  }

  post(path: string, data: unknown = {}): Promise<APIResponse> {
    return this.http.post(`/api${path}`, { data, headers: { 'X-CSRF-Token': this.csrfToken } });
  }

  put(path: string, data: unknown): Promise<APIResponse> {
    return this.http.put(`/api${path}`, { data, headers: { 'X-CSRF-Token': this.csrfToken } });
  }

  patch(path: string, data: unknown): Promise<APIResponse> {
    return this.http.patch(`/api${path}`, { data, headers: { 'X-CSRF-Token': this.csrfToken } });
  }

  async getJson<T>(path: string, params?: Record<string, string | number | boolean>): Promise<T> {
    return this.expectOk<T>(await this.get(path, params));
  }

  async postJson<T>(path: string, data: unknown = {}): Promise<T> {
    return this.expectOk<T>(await this.post(path, data));
  }

  async expectOk<T>(response: APIResponse): Promise<T> {
    if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  dispose(): Promise<void> {
    return this.http.dispose();
  }
}

/** What the built-in security administrator changes his first password to in the tests. */
export const SECURITY_ADMIN_PASSWORD = 'Anquan-Next-2026!';

const securityClients = new Map<string, Promise<ApiClient>>();

/** The built-in security administrator `secadmin` of a test server, signed in once (first password changed). */
export function securityAdmin(server: TestServer): Promise<ApiClient> {
  let client = securityClients.get(server.url);
  if (!client) {
    client = ApiClient.loginReady(
      server.url,
      'secadmin',
      server.securityAdminPassword,
      SECURITY_ADMIN_PASSWORD,
    );
    securityClients.set(server.url, client);
  }
  return client;
}

/**
 * An account made the way 三员分立 (GB/T 22239-2019 8.1.4.2) allows: the system administrator creates the profile,
 * the security administrator grants roles and scopes and so issues the one-time password, which is answered here
 * (it must be changed at first login).
 */
export async function createAccount(
  server: TestServer,
  admin: ApiClient,
  account: {
    username: string;
    displayName: string;
    roles: string[];
    viewScope: string[];
    captureScope?: string[];
  },
): Promise<{ id: number; oneTimePassword: string }> {
  const { roles, viewScope, captureScope, ...profile } = account;
  const { id } = await admin.postJson<{ id: number }>('/users', profile);
  const security = await securityAdmin(server);
  const granted = await security.expectOk<{ oneTimePassword?: string }>(
    await security.put(`/users/${id}/access`, { roles, viewScope, captureScope: captureScope ?? [] }),
  );
  if (!granted.oneTimePassword) throw new Error(`no one-time password for ${account.username}`);
  return { id, oneTimePassword: granted.oneTimePassword };
}
