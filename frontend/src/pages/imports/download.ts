import { authFetch } from '../../auth/store';
import { ExportError, fileNameFrom } from '../../api/export';
import { ERROR_CODES, type ErrorCode } from '../../api/errors';
import { saveFile } from './xlsx';
import type { ImportKind } from './types';

export type FileFormat = 'xlsx' | 'csv';

/** A table's template (Chinese headers, an example row, notes) or its current rows, in the importer's format. */
export function kindFileUrl(what: 'template' | 'data', kind: ImportKind, format: FileFormat): string {
  return `/export/${what === 'template' ? 'templates' : 'kinds'}/${kind}.${format}`;
}

/**
 * Downloads a template or an export with the bearer token (the endpoints need the Authorization
 * header, so no plain link): answers the file's name; errors carry the server's extensions.code.
 */
export async function downloadKindFile(what: 'template' | 'data', kind: ImportKind, format: FileFormat): Promise<string> {
  let res: Response;
  try {
    res = await authFetch(kindFileUrl(what, kind, format), { headers: { Accept: 'application/json, */*' } });
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
  const name = fileNameFrom(res.headers.get('Content-Disposition'), `${kind.toLowerCase()}.${format}`);
  saveFile(blob, name);
  return name;
}
