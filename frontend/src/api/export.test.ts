import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadExport, exportUrl, fileNameFrom } from './export';
import { __resetAuthForTests } from '../auth/store';

describe('export', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('puts where and orderBy in the query string', () => {
    expect(exportUrl('tasks')).toBe('/export/tasks.xlsx');
    const url = new URL(exportUrl('tasks', { statusIn: ['NEW'] }, { field: 'DUE_AT', direction: 'ASC' }), 'http://x');
    expect(url.pathname).toBe('/export/tasks.xlsx');
    expect(JSON.parse(url.searchParams.get('where')!)).toEqual({ statusIn: ['NEW'] });
    expect(JSON.parse(url.searchParams.get('orderBy')!)).toEqual({ field: 'DUE_AT', direction: 'ASC' });
  });

  it('reads the Chinese file name from Content-Disposition', () => {
    expect(fileNameFrom(`attachment; filename="tasks.xlsx"; filename*=UTF-8''${encodeURIComponent('工作任务-20261127.xlsx')}`, 'x')).toBe(
      '工作任务-20261127.xlsx',
    );
    expect(fileNameFrom('attachment; filename="tasks.xlsx"', 'x')).toBe('tasks.xlsx');
    expect(fileNameFrom(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });

  it('turns a refusal into its error code', async () => {
    __resetAuthForTests();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        new Response(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }), {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    await expect(downloadExport('complaints')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
