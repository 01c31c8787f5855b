import { useMemo, useState } from 'react';
import { Button, Drawer, Flex, Select, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ImportBatchDocument, ImportBatchesDocument } from '../../graphql/graphql';
import EmptyState from '../../components/EmptyState';
import ErrorState from '../../components/ErrorState';
import { formatBytes, isRunning, langOf, pick, type Batch, type KindInfo } from './logic';
import { useAuth } from '../../auth/store';
import ReportView from './ReportView';
import { buildXlsx, saveFile } from './xlsx';
import type { ImportBatchesQuery, ImportKind, ImportStatus } from './types';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

type Row = ImportBatchesQuery['importBatches'][number];

export const STATUS_COLOR: Record<ImportStatus, string> = {
  CHECKING: 'processing',
  CHECKED: 'blue',
  APPLYING: 'processing',
  APPLIED: 'success',
  REFUSED: 'warning',
  FAILED: 'error',
};

const fmt = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '');

/** 导入记录: the viewer's latest batches (ADMIN's own too; the server keeps 7 days, 20 an account). */
export default function HistoryTab({
  kinds,
  onOpenImport,
  onResume,
}: {
  kinds: KindInfo[];
  onOpenImport: () => void;
  onResume: (batch: Batch) => void;
}) {
  const { t, i18n } = useTranslation();
  const { viewer } = useAuth();
  const lang = langOf(i18n.language);
  const [kind, setKind] = useState<ImportKind | undefined>(undefined);
  const [open, setOpen] = useState<Row | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ImportBatchesDocument,
    variables: { kind },
    requestPolicy: 'network-only',
  });
  const titles = useMemo(() => new Map(kinds.map((k) => [k.kind, pick(k.title, lang)])), [kinds, lang]);
  const rows = data?.importBatches ?? [];

  const outcome = (b: Row) => {
    if (b.status === 'FAILED') return pick(b.failure, lang);
    const r = b.report;
    if (!r) return '';
    if (r.problemCount) return t('imports.history.problems', { count: r.problemCount });
    return t('imports.history.counts', { created: r.created, updated: r.updated, unchanged: r.unchanged });
  };

  const exportRows = () => {
    const header = [
      t('imports.history.when'),
      t('imports.history.kind'),
      t('imports.history.file'),
      t('imports.history.status'),
      t('imports.history.by'),
      t('imports.history.outcome'),
    ];
    saveFile(
      buildXlsx(t('imports.history.sheet'), [
        header,
        ...rows.map((b) => [
          fmt(b.createdAt),
          titles.get(b.kind) ?? b.kind,
          b.fileName,
          t(`imports.status.${b.status}`),
          b.uploadedBy?.login ?? '',
          outcome(b),
        ]),
      ]),
      `${t('imports.history.sheet')}.xlsx`,
    );
  };

  if (error && !data) return <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Select<ImportKind | undefined>
          allowClear
          placeholder={t('imports.history.allKinds')}
          style={{ minWidth: 200 }}
          value={kind}
          onChange={(v) => setKind(v ?? undefined)}
          options={kinds.map((k) => ({ value: k.kind, label: pick(k.title, lang) }))}
        />
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => refetch({ requestPolicy: 'network-only' })} loading={fetching}>
            {t('common.refresh')}
          </Button>
          <Button icon={<FileExcelOutlined />} disabled={rows.length === 0} onClick={exportRows}>
            {t('export.button')}
          </Button>
        </Flex>
      </Flex>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        data-testid="import-history"
        scroll={{ x: 900 }}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{
          emptyText: fetching ? (
            ' '
          ) : (
            <EmptyState title={t('imports.history.emptyTitle')} text={t('imports.history.emptyText')}>
              <Button type="primary" onClick={onOpenImport}>
                {t('imports.history.start')}
              </Button>
            </EmptyState>
          ),
        }}
        columns={[
          { title: t('imports.history.when'), key: 'when', width: 150, render: (_, b) => fmt(b.createdAt) },
          { title: t('imports.history.kind'), key: 'kind', width: 120, render: (_, b) => titles.get(b.kind) ?? b.kind },
          {
            title: t('imports.history.file'),
            key: 'file',
            render: (_, b) => (
              <>
                {b.fileName} <Typography.Text type="secondary">({formatBytes(b.size)})</Typography.Text>
              </>
            ),
          },
          {
            title: t('imports.history.status'),
            key: 'status',
            width: 110,
            render: (_, b) => <Tag color={STATUS_COLOR[b.status]}>{t(`imports.status.${b.status}`)}</Tag>,
          },
          { title: t('imports.history.by'), key: 'by', width: 120, render: (_, b) => b.uploadedBy?.login ?? '—' },
          { title: t('imports.history.outcome'), key: 'outcome', render: (_, b) => outcome(b) },
          {
            title: '',
            key: 'open',
            width: 90,
            render: (_, b) =>
              b.report || isRunning(b.status) ? (
                <Button type="link" onClick={() => setOpen(b)}>
                  {t('imports.history.report')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Drawer
        open={!!open}
        size="large"
        title={open ? `${titles.get(open.kind) ?? open.kind} · ${open.fileName}` : ''}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open && (
          <BatchReport
            id={open.id}
            kind={kinds.find((k) => k.kind === open.kind)}
            mine={open.uploadedBy?.id === viewer?.account.id}
            onResume={(b) => {
              setOpen(null);
              onResume(b);
            }}
          />
        )}
      </Drawer>
    </>
  );
}

function BatchReport({ id, kind, mine, onResume }: { id: string; kind?: KindInfo; mine: boolean; onResume: (b: Batch) => void }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: ImportBatchDocument, variables: { id }, requestPolicy: 'network-only' });
  if (error) return <ErrorState error={error} />;
  const b = data?.importBatch;
  if (!b || fetching) return null;
  // The uploader goes on with a checked file (applied from the import tab) or follows a run.
  const resumable = mine && ((b.status === 'CHECKED' && b.canApply) || isRunning(b.status));
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Tag color={STATUS_COLOR[b.status]}>{t(`imports.status.${b.status}`)}</Tag>
        {resumable && (
          <Button type="primary" onClick={() => onResume(b)} data-testid="history-resume">
            {b.status === 'CHECKED' ? t('imports.history.resumeApply') : t('imports.history.resumeFollow')}
          </Button>
        )}
      </Flex>
      {b.report ? (
        <ReportView report={b.report} kind={kind} fileName={b.fileName} />
      ) : (
        <EmptyState title={t('imports.history.noReport')} />
      )}
    </>
  );
}
