import type { ErrorResponse, PageDto } from '@jiuye/contracts';

export type ErrorDetail = ErrorResponse['error']['details'][number];

/** An error answer of the API ({ error: { code, message, details } }), or a network failure (code NETWORK). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

interface Handlers {
  /** The session is gone (not logged in, expired, or ended elsewhere). */
  onUnauthenticated?: (error: ApiError) => void;
  /** The server wants the password changed before anything else. */
  onPasswordChangeRequired?: (error: ApiError) => void;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | undefined;
let handlers: Handlers = {};

/** The CSRF token of the current session: every login and password change issues a new one. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function setApiHandlers(next: Handlers): void {
  handlers = next;
}

function toQueryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, body?: unknown, query?: QueryParams): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body (a file upload) sets its own multipart content type.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  // The registry's change history records where a write came from (web, api, import, transfer).
  if (STATE_CHANGING.has(method)) headers['X-Jiuye-Client'] = 'web';

  let response: Response;
  try {
    response = await fetch(`/api${path}${toQueryString(query)}`, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (response.ok) return payload as T;

  const error = toApiError(response.status, payload);
  if (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED')
    handlers.onUnauthenticated?.(error);
  if (error.code === 'PASSWORD_CHANGE_REQUIRED') handlers.onPasswordChangeRequired?.(error);
  throw error;
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as Partial<ErrorResponse> | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, error.message || '请求失败', error.details ?? []);
  }
  if (status === 404) return new ApiError(status, 'NOT_FOUND', '接口不存在');
  if (status === 413) return new ApiError(status, 'PAYLOAD_TOO_LARGE', '文件过大，无法上传');
  if (status >= 500) return new ApiError(status, 'INTERNAL', `服务器错误 (${status})，请稍后重试`);
  return new ApiError(status, 'UNKNOWN', `请求失败 (${status})`);
}

/** A file the API answered with (an export), and its name from Content-Disposition. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The file name of a download, from Content-Disposition (filename* first). */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * POSTs a JSON body and reads the answer as a file (the export with a purpose in its body: a purpose never travels
 * in a URL, OWASP ASVS V8.3.1). Same headers and CSRF token as every POST; an error answer throws its ApiError.
 */
async function postForFile(path: string, body: unknown, fallbackName: string): Promise<DownloadedFile> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Jiuye-Client': 'web' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (response.ok) {
    return {
      blob: await response.blob(),
      fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName),
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await response.text());
  } catch {
    // not JSON (a proxy's error page): the status says what happened
  }
  const error = toApiError(response.status, payload);
  if (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED')
    handlers.onUnauthenticated?.(error);
  if (error.code === 'PASSWORD_CHANGE_REQUIRED') handlers.onPasswordChangeRequired?.(error);
  throw error;
}

export const api = {
  get: <T>(path: string, query?: QueryParams) => request<T>('GET', path, undefined, query),
  /** POST whose answer is a file (xlsx export): fetch + blob, with the CSRF token. */
  download: (path: string, body: unknown, fallbackName: string) => postForFile(path, body, fallbackName),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** multipart/form-data (file uploads); fields first, the server reads the parts in order. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** One page of a list answer (the contracts' pageSchema). */
export type Page<T> = PageDto<T>;

/** The message to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return '操作失败';
}
