/**
 * One error type for every expected failure, after documenso's AppError: a stable English code for API clients,
 * a Chinese message for the screen, and details naming the field or row.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_REGION: 400,
  WEAK_PASSWORD: 400,
  PASSWORD_REUSED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  ACCOUNT_LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_FAILED: 403,
  /** A state-changing request whose Origin (or Referer) is not this server's (plugins/security.ts). */
  ORIGIN_REJECTED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  /** Warnings the user must confirm before the change is saved (resend with confirmWarnings). */
  CONFIRMATION_REQUIRED: 409,
  /** One ID number exists once in the registry: the holder may be asked for a transfer. */
  ID_NUMBER_EXISTS: 409,
  /** A file read whole and refused whole (grant ledger import): every problem named by row and column. */
  FILE_REJECTED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  /** What was asked for existed and was removed on purpose (an import's rows after their retention time). */
  GONE: 410,
  /** The import folder is over its size cap (JIUYE_IMPORT_DIR_MAX_MB). */
  INSUFFICIENT_STORAGE: 507,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Field path (`username`, `scopes.view.0`) or column name. */
  field?: string;
  /** 1-based row number of an imported file. */
  row?: number;
  message: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}

export function notFound(what = '记录'): AppError {
  return new AppError('NOT_FOUND', `${what}不存在或不在您的管辖范围内`);
}

export function forbidden(message = '您没有执行此操作的权限'): AppError {
  return new AppError('FORBIDDEN', message);
}
