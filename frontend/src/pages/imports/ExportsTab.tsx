import { Alert, Button, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { langOf, pick, type KindInfo } from './logic';
import { useKindDownload } from './ImportWizard';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

/** 导出: every table's current rows in the importer's own columns (.xlsx or .csv), and its template. */
export default function ExportsTab({ kinds }: { kinds: KindInfo[] }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const download = useKindDownload();
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('imports.exports.hint')} />
      <Table<KindInfo>
        rowKey="kind"
        size="middle"
        pagination={false}
        dataSource={kinds}
        data-testid="export-kinds"
        scroll={{ x: 720 }}
        columns={[
          {
            title: t('imports.exports.table'),
            key: 'title',
            render: (_, k) => (
              <>
                <Typography.Text strong>{pick(k.title, lang)}</Typography.Text>
                <br />
                <Typography.Text type="secondary">
                  {t('imports.exports.columns', { count: k.columns.length })}
                  {k.sessionOnly ? ` · ${t('imports.choose.sessionOnly')}` : ''}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('imports.exports.data'),
            key: 'data',
            render: (_, k) => (
              <Space wrap>
                {(['xlsx', 'csv'] as const).map((f) => (
                  <Button
                    key={f}
                    icon={<FileExcelOutlined />}
                    loading={download.busy === `data-${k.kind}-${f}`}
                    data-testid={`export-${k.kind}-${f}`}
                    onClick={() => void download.run('data', k.kind, f)}
                  >
                    {f === 'xlsx' ? 'Excel (.xlsx)' : 'CSV'}
                  </Button>
                ))}
              </Space>
            ),
          },
          {
            title: t('imports.exports.template'),
            key: 'template',
            render: (_, k) => (
              <Space wrap>
                {(['xlsx', 'csv'] as const).map((f) => (
                  <Button
                    key={f}
                    type="link"
                    icon={<DownloadOutlined />}
                    loading={download.busy === `template-${k.kind}-${f}`}
                    onClick={() => void download.run('template', k.kind, f)}
                  >
                    {f === 'xlsx' ? '.xlsx' : '.csv'}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
