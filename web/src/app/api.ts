// The one way the app talks to farol: JSON over fetch, the session cookie, the CSRF token on
// every write, and RFC 7807 problems turned into an ApiError that says what went wrong in plain
// words and which fields were at fault.

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = {};
    for (const f of fields) {
      // The first message per field wins; a form shows one message under each control.
      if (!(f.field in this.fields)) this.fields[f.field] = f.message;
    }
  }

  // The message for `field` (or one of its sub-fields, e.g. custom_fields.x), if any.
  field(name: string): string | undefined {
    if (name in this.fields) return this.fields[name];
    const nested = Object.keys(this.fields).find((k) => k.startsWith(name + '.'));
    return nested ? this.fields[nested] : undefined;
  }

  get isConflict(): boolean {
    return this.status === 412;
  }
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

// Builds an ApiError from a failed response's body (problem+json or anything else).
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const p = body as { detail?: unknown; title?: unknown; code?: unknown; errors?: unknown };
    const fields = Array.isArray(p.errors)
      ? (p.errors as unknown[])
          .filter((e): e is FieldProblem => !!e && typeof e === 'object' && 'field' in e && 'message' in e)
          .map((e) => ({ field: String(e.field), message: String(e.message) }))
      : [];
    const message = typeof p.detail === 'string' ? p.detail : typeof p.title === 'string' ? p.title : '';
    return new ApiError(status, typeof p.code === 'string' ? p.code : String(status), message || fallbackMessage(status), fields);
  }
  return new ApiError(status, String(status), fallbackMessage(status));
}

function fallbackMessage(status: number): string {
  if (status === 0) return 'farol could not be reached. Check your connection and try again.';
  if (status >= 500) return 'Something went wrong on the server. Please try again.';
  return `The request failed (HTTP ${status}).`;
}

type Listener = (e: ApiError) => void;

export interface RequestOptions {
  ifMatch?: number;
  raw?: Blob | File;
  contentType?: string;
  quiet401?: boolean;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

class Client {
  private csrf = '';
  private unauthenticated: Listener | null = null;

  setCsrfToken(token: string | undefined) {
    this.csrf = token ?? '';
  }

  // Called when a signed-in request answers 401: the session ended.
  onUnauthenticated(listener: Listener | null) {
    this.unauthenticated = listener;
  }

  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.exchange<T>(method, path, body, options)).data;
  }

  // The answer's status with its JSON, for the routes whose status says what the body does not
  // (201: made now; 200: the one made before).
  async exchange<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    Object.assign(headers, options.headers);
    let payload: BodyInit | undefined;
    if (options.raw) {
      payload = options.raw;
      headers['Content-Type'] = options.contentType || options.raw.type || 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch {
      throw errorFromResponse(0, null);
    }
    if (res.status === 204) return { status: 204, data: undefined as T };
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const err = errorFromResponse(res.status, parsed);
      if (err.isUnauthenticated && !options.quiet401 && this.unauthenticated) this.unauthenticated(err);
      throw err;
    }
    return { status: res.status, data: parsed as T };
  }

  get<T>(path: string, options?: { quiet401?: boolean }) {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T>(path: string, body?: unknown, options?: { ifMatch?: number; idempotencyKey?: string }) {
    return this.request<T>('POST', path, body, options);
  }
  patch<T>(path: string, body: unknown, options?: { ifMatch?: number }) {
    return this.request<T>('PATCH', path, body, options);
  }
  put<T>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }
  upload<T>(path: string, file: File) {
    return this.request<T>('POST', path, undefined, { raw: file });
  }
}

export const api = new Client();

// A fresh key for one form's submission: sending it again (a double click, a retry after a
// network error) creates the thing once.
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

// Builds a query string from a record, leaving out empty values.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
