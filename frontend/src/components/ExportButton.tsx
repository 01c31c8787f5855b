import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadExport, type ExportTable } from '../api/export';
import { errorMessage } from '../api/errors';

interface Props {
  table: ExportTable;
  where?: unknown;
  orderBy?: unknown;
  disabled?: boolean;
  label?: string;
}

/** 导出 Excel: the table with its current filters, through the server (same access rules). */
export default function ExportButton({ table, where, orderBy, disabled, label }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Tooltip title={t('export.hint')}>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy}
        disabled={disabled}
        data-testid={`export-${table}`}
        onClick={async () => {
          setBusy(true);
          try {
            const name = await downloadExport(table, where, orderBy);
            message.success(t('export.done', { name }));
          } catch (e) {
            message.error(`${t('export.failed')}${errorMessage(t, e)}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        {label ?? t('export.button')}
      </Button>
    </Tooltip>
  );
}
