import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadFile, ExportError } from '../../api/export';
import { errorMessage } from '../../api/errors';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

/** The importer's export of the whole list: every item with its synonyms and 状态 (在用/停用), importable back. */
export const RESP_EXPORT_URL = '/export/kinds/RESPONSIBILITY_ITEMS.xlsx';

export function downloadResponsibilityList(): Promise<string> {
  return downloadFile(RESP_EXPORT_URL, '责任清单.xlsx');
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
