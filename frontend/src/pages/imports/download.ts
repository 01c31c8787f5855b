import { downloadFile } from '../../api/export';
import type { ImportKind } from './types';

export type FileFormat = 'xlsx' | 'csv';

/** A table's template (Chinese headers, an example row, notes) or its current rows, in the importer's format. */
export function kindFileUrl(what: 'template' | 'data', kind: ImportKind, format: FileFormat): string {
  return `/export/${what === 'template' ? 'templates' : 'kinds'}/${kind}.${format}`;
}

/** Downloads a template or an export with the bearer token; answers the file's name. */
export function downloadKindFile(what: 'template' | 'data', kind: ImportKind, format: FileFormat): Promise<string> {
  return downloadFile(kindFileUrl(what, kind, format), `${kind.toLowerCase()}.${format}`);
}
