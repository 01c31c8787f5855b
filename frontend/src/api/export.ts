import { authFetch } from '../auth/store';
import type { AppError, ErrorCode } from './errors';
import { ERROR_CODES } from './errors';

/** The tables the server exports (GET /export/<connection>.xlsx). */
export type ExportTable =
  | 'tasks'
  | 'ratings'
  | 'rectifications'
  | 'complaints'
  | 'serviceVisits'
  | 'staffMembers'
  | 'departments'
  | 'responsibilityItems';

export function exportUrl(table: ExportTable, where?: unknown, orderBy?: unknown): string {
  const q = new URLSearchParams();
  if (where && Object.keys(where as object).length > 0) q.set('where', JSON.stringify(where));
  if (orderBy) q.set('orderBy', JSON.stringify(orderBy));
  const qs = q.toString();
  return `/export/${table}.xlsx${qs ? `?${qs}` : ''}`;
}

/** The file name from Content-Disposition (RFC 5987 filename* first), or a fallback. */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

export class ExportError extends Error implements AppError {
  code: ErrorCode;
  constructor(code: ErrorCode, message?: string) {
    super(message ?? code);
    this.code = code;
  }
}

/**
 * Downloads the current filter of a table as Excel. Errors carry the server's extensions.code.
 */
export function downloadExport(table: ExportTable, where?: unknown, orderBy?: unknown): Promise<string> {
  return downloadFile(exportUrl(table, where, orderBy), `${table}.xlsx`);
}

/**
 * Fetches a file the server makes (an export, a template) with the bearer token — the endpoints need the
 * Authorization header, so no plain link — (one refresh on 401) and saves it under the server's name
 * (Content-Disposition) or fallback; answers the name. Errors carry the server's extensions.code.
 */
export async function downloadFile(path: string, fallback: string): Promise<string> {
  let res: Response;
  try {
    res = await authFetch(path, { headers: { Accept: 'application/json, */*' } });
  } catch (e) {
    throw new ExportError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    let code: ErrorCode = res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : 'INTERNAL';
    let message: string | undefined;
    try {
      const body = (await res.json()) as { errors?: { message?: string; extensions?: { code?: string } }[] };
      const c = body.errors?.[0]?.extensions?.code;
      if (c && (ERROR_CODES as readonly string[]).includes(c)) code = c as ErrorCode;
      message = body.errors?.[0]?.message;
    } catch {
      // not JSON
    }
    throw new ExportError(code, message);
  }
  const blob = await res.blob();
  const name = fileNameFrom(res.headers.get('Content-Disposition'), fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
