import type { Selectable } from 'kysely';

export interface SessionTable {
  /** SHA-256 of the session id: the id itself lives only in the user's cookie. */
  idHash: string;
  userId: number;
  /**
   * SHA-256 of the CSRF token: the token itself is derived from the session id (csrfTokenOf) and
   * so is never stored.
   */
  csrfTokenHash: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute timeout: creation + 12 hours. */
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export type Session = Selectable<SessionTable>;
