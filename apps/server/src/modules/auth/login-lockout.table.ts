/**
 * Failed logins of one account name from one client address (等保 2.0 三级 8.1.4.1 b 登录失败处理). Names that
 * belong to nobody are counted the same way, so that the answer does not tell who exists.
 */
export interface LoginLockoutTable {
  /** The username as typed, lower-cased (usernames are unique regardless of case). */
  usernameKey: string;
  ip: string;
  failedCount: number;
  lockedUntil: string | null;
  lastFailedAt: string;
}
