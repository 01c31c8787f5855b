import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { authFetch } from '../../auth/store';
import { ExportError, fileNameFrom } from '../../api/export';
import { ERROR_CODES, errorMessage, type ErrorCode } from '../../api/errors';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

/** The importer's export of the whole list: every item with its synonyms and 状态 (在用/停用), importable back. */
export const RESP_EXPORT_URL = '/export/kinds/RESPONSIBILITY_ITEMS.xlsx';

export async function downloadResponsibilityList(): Promise<string> {
  let res: Response;
  try {
    res = await authFetch(RESP_EXPORT_URL, { headers: { Accept: 'application/json, */*' } });
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
  const name = fileNameFrom(res.headers.get('Content-Disposition'), '责任清单.xlsx');
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

/** 导出 Excel: the whole list in the import template's columns (keywords, synonyms, 状态). */
export default function RespExportButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Tooltip title={t('resp.exportHint')}>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy}
        data-testid="resp-export"
        onClick={async () => {
          setBusy(true);
          try {
            const name = await downloadResponsibilityList();
            message.success(t('export.done', { name }));
          } catch (e) {
            message.error(
              `${t('export.failed')}${errorMessage(t, e instanceof ExportError ? { message: e.message, extensions: { code: e.code } } : e)}`,
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('export.button')}
      </Button>
    </Tooltip>
  );
}
