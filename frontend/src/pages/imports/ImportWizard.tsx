import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Collapse, Flex, Progress, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import { useTranslation } from 'react-i18next';
import { ApplyImportDocument, CheckImportDocument, ImportBatchDocument } from '../../graphql/graphql';
import { errorMessage } from '../../api/errors';
import {
  formatBytes,
  fileProblem,
  isRunning,
  langOf,
  MAX_ROWS,
  MAX_UPLOAD_BYTES,
  pick,
  pollBatch,
  PollAborted,
  progressPercent,
  stepOf,
  type Batch,
  type KindInfo,
} from './logic';
import { downloadKindFile, type FileFormat } from './download';
import ReportView from './ReportView';
import SecretsPanel from './SecretsPanel';
import type { ImportKind } from './types';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

/** Downloads a template or an export, with a message either way. */
export function useKindDownload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (what: 'template' | 'data', kind: ImportKind, format: FileFormat) => {
      const id = `${what}-${kind}-${format}`;
      setBusy(id);
      try {
        const name = await downloadKindFile(what, kind, format);
        message.success(t('export.done', { name }));
      } catch (e) {
        message.error(`${t('export.failed')}${errorMessage(t, e)}`);
      } finally {
        setBusy(null);
      }
    },
    [message, t],
  );
  return { busy, run };
}

/**
 * 导入: choose the table, take its template, upload a file → the dry run's report (nothing written) →
 * confirm → the apply, all or nothing, with progress; one-time passwords of new accounts shown once.
 */
export default function ImportWizard({
  kinds,
  initialKind,
  resume,
  onResumed,
}: {
  kinds: KindInfo[];
  /** The table to start with (/imports?kind=DEPARTMENTS, as the setup wizard links); else the first. */
  initialKind?: string | null;
  /** A batch from the history to go on with (a checked file to apply, a run to follow). */
  resume?: Batch | null;
  onResumed?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { message, modal } = App.useApp();
  const client = useClient();
  const [kind, setKind] = useState<ImportKind>(
    kinds.find((k) => k.kind === initialKind)?.kind ?? kinds[0]?.kind ?? 'DEPARTMENTS',
  );
  const [batch, setBatch] = useState<Batch | null>(null);
  const [uploading, setUploading] = useState(false);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secretsKey, setSecretsKey] = useState<string | null>(null);
  const poll = useRef<AbortController | null>(null);
  const outcome = useRef<HTMLDivElement | null>(null);
  const [showColumns, setShowColumns] = useState(true);
  const download = useKindDownload();
  const info = useMemo(() => kinds.find((k) => k.kind === kind) ?? kinds[0], [kinds, kind]);

  useEffect(() => () => poll.current?.abort(), []);

  useEffect(() => {
    if (!resume) return;
    reset();
    setKind(resume.kind);
    setShowColumns(false);
    void follow(resume);
    onResumed?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resume]);

  // A finished run's outcome is brought into view (the column notes above fold away).
  const settled = batch && !isRunning(batch.status) ? `${batch.id}:${batch.status}` : null;
  useEffect(() => {
    if (settled) outcome.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [settled]);

  const reset = () => {
    poll.current?.abort();
    setShowColumns(true);
    setBatch(null);
    setError(null);
    setSecretsKey(null);
  };

  const follow = async (start: Batch) => {
    setBatch(start);
    if (!isRunning(start.status)) return;
    poll.current?.abort();
    const ac = new AbortController();
    poll.current = ac;
    try {
      const last = await pollBatch(
        async () => {
          const r = await client.query(ImportBatchDocument, { id: start.id }, { requestPolicy: 'network-only' }).toPromise();
          if (r.error || !r.data) throw r.error ?? new Error('no data');
          return r.data.importBatch;
        },
        start,
        { signal: ac.signal, onUpdate: (b) => !ac.signal.aborted && setBatch(b) },
      );
      if (!ac.signal.aborted) setBatch(last);
    } catch (e) {
      if (!(e instanceof PollAborted) && !ac.signal.aborted) setError(e);
    }
  };

  const upload = async (file: File) => {
    const problem = fileProblem(file);
    if (problem) {
      message.error(t(problem.key, problem.values));
      return;
    }
    reset();
    setShowColumns(false);
    setUploading(true);
    const r = await client.mutation(CheckImportDocument, { kind, file }).toPromise();
    setUploading(false);
    if (r.error || !r.data) {
      setError(r.error ?? new Error('no data'));
      return;
    }
    await follow(r.data.checkImport);
  };

  const apply = async () => {
    if (!batch) return;
    setError(null);
    setApplying(true);
    const r = await client.mutation(ApplyImportDocument, { batch: batch.id }).toPromise();
    setApplying(false);
    if (r.error || !r.data) {
      setError(r.error ?? new Error('no data'));
      return;
    }
    setSecretsKey(r.data.applyImport.secretsKey);
    await follow(r.data.applyImport.batch);
  };

  const confirmApply = () => {
    if (!batch?.report) return;
    const rep = batch.report;
    modal.confirm({
      title: t('imports.apply.confirmTitle', { title: pick(info?.title, lang) }),
      content: (
        <>
          <p>{t('imports.apply.confirmText', { created: rep.created, updated: rep.updated, unchanged: rep.unchanged })}</p>
          {batch.kind === 'ACCOUNTS' && rep.created > 0 && <p>{t('imports.apply.confirmAccounts', { count: rep.created })}</p>}
        </>
      ),
      okText: t('imports.apply.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => {
        void apply();
      },
    });
  };

  const running = uploading || applying || (batch ? isRunning(batch.status) : false);
  const step = stepOf(batch, uploading);
  const report = batch?.report ?? null;
  const accountsApplied = batch?.kind === 'ACCOUNTS' && batch.status === 'APPLIED' && !!secretsKey && (report?.created ?? 0) > 0;

  return (
    <div data-testid="import-wizard">
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 20 }}
        items={[
          { title: t('imports.steps.choose') },
          { title: t('imports.steps.check') },
          { title: t('imports.steps.report') },
          { title: t('imports.steps.done') },
        ]}
      />

      <Typography.Title level={5}>{t('imports.choose.title')}</Typography.Title>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={kind}
        disabled={running}
        data-testid="import-kind"
        onChange={(e) => {
          reset();
          setKind(e.target.value as ImportKind);
        }}
        options={kinds.map((k) => ({ value: k.kind, label: pick(k.title, lang) }))}
        style={{ marginBottom: 12 }}
      />
      {info && (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t('imports.choose.template')}</Typography.Text>
            {(['xlsx', 'csv'] as const).map((f) => (
              <Button
                key={f}
                size="small"
                icon={<DownloadOutlined />}
                loading={download.busy === `template-${info.kind}-${f}`}
                data-testid={`template-${info.kind}-${f}`}
                onClick={() => void download.run('template', info.kind, f)}
              >
                {t('imports.choose.templateFormat', { format: f === 'xlsx' ? 'Excel (.xlsx)' : 'CSV' })}
              </Button>
            ))}
            {info.sessionOnly && <Tag color="purple">{t('imports.choose.sessionOnly')}</Tag>}
          </Flex>
          <Collapse
            size="small"
            style={{ marginBottom: 16 }}
            activeKey={showColumns ? ['columns'] : []}
            onChange={(keys) => setShowColumns(keys.includes('columns'))}
            items={[
              {
                key: 'columns',
                label: t('imports.columns.summary', {
                  count: info.columns.length,
                  required: info.columns.filter((c) => c.required).length,
                }),
                children: (
                  <Table
                    size="small"
                    rowKey="key"
                    pagination={false}
                    data-testid="import-columns"
                    dataSource={info.columns}
                    scroll={{ x: 640 }}
                    columns={[
                      {
                        title: t('imports.columns.header'),
                        key: 'header',
                        width: 200,
                        render: (_, c) => (
                          <Space size={4}>
                            <Typography.Text strong={c.required}>{pick(c.header, lang)}</Typography.Text>
                            <Typography.Text type="secondary">{lang === 'zh' ? c.header.en : c.header.zh}</Typography.Text>
                            {c.required && <Tag color="red">{t('imports.columns.required')}</Tag>}
                          </Space>
                        ),
                      },
                      { title: t('imports.columns.note'), key: 'note', render: (_, c) => pick(c.note, lang) },
                      { title: t('imports.columns.example'), dataIndex: 'example', width: 140 },
                    ]}
                  />
                ),
              },
            ]}
          />
        </>
      )}

      {batch?.status !== 'APPLIED' && !running && (
        <>
          <Typography.Title level={5}>{t('imports.upload.title')}</Typography.Title>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={running}
            data-testid="import-dropzone"
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.upload.drop', { title: pick(info?.title, lang) })}</p>
            <p className="ant-upload-hint">
              {t('imports.upload.hint', { max: formatBytes(MAX_UPLOAD_BYTES), rows: MAX_ROWS.toLocaleString() })}
            </p>
          </Upload.Dragger>
        </>
      )}

      <div style={{ marginTop: 16, scrollMarginTop: 80 }} aria-live="polite" ref={outcome}>
        {error ? (
          <Alert
            type="error"
            showIcon
            data-testid="import-error"
            title={t('imports.failedRequest')}
            description={errorMessage(t, error)}
            style={{ marginBottom: 12 }}
            action={
              batch && isRunning(batch.status) ? (
                // Polling gave up (the network): ask again; the run itself goes on on the server.
                <Button
                  onClick={() => {
                    setError(null);
                    void follow(batch);
                  }}
                >
                  {t('errors.retry')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
        {(uploading || batch?.status === 'CHECKING') && (
          <RunProgress label={t('imports.progress.checking', { name: batch?.fileName ?? '' })} progress={batch?.progress} />
        )}
        {(applying || batch?.status === 'APPLYING') && (
          <>
            <RunProgress label={t('imports.progress.applying', { name: batch?.fileName ?? '' })} progress={batch?.progress} />
            {batch?.kind === 'ACCOUNTS' && <Alert type="warning" showIcon title={t('imports.progress.stay')} />}
          </>
        )}

        {batch?.status === 'CHECKED' && report && !applying && (
          <>
            {batch.canApply ? (
              <Alert
                type="success"
                showIcon
                data-testid="check-ok"
                style={{ marginBottom: 16 }}
                title={t('imports.check.okTitle')}
                description={t('imports.check.okText', {
                  created: report.created,
                  updated: report.updated,
                  unchanged: report.unchanged,
                })}
                action={
                  <Button type="primary" onClick={confirmApply} data-testid="import-apply">
                    {t('imports.apply.button')}
                  </Button>
                }
              />
            ) : (
              <Alert
                type="error"
                showIcon
                data-testid="check-problems"
                style={{ marginBottom: 16 }}
                title={t('imports.check.problemsTitle', { count: report.problemCount })}
                description={t('imports.check.problemsText')}
                action={<Button onClick={reset}>{t('imports.again')}</Button>}
              />
            )}
            <ReportView report={report} kind={info} fileName={batch.fileName} />
          </>
        )}

        {batch?.status === 'APPLIED' && (
          <>
            <Result
              status="success"
              data-testid="import-applied"
              title={t('imports.result.applied')}
              subTitle={
                report
                  ? t('imports.result.appliedText', {
                      created: report.created,
                      updated: report.updated,
                      unchanged: report.unchanged,
                    })
                  : undefined
              }
              extra={
                accountsApplied
                  ? undefined
                  : [
                      <Button key="again" type="primary" onClick={reset}>
                        {t('imports.again')}
                      </Button>,
                      <Link key="history" to="/imports?tab=history">
                        {t('imports.result.history')}
                      </Link>,
                    ]
              }
            />
            {accountsApplied && batch && secretsKey && <SecretsPanel batch={batch.id} secretsKey={secretsKey} onDone={reset} />}
          </>
        )}
        {batch?.status === 'REFUSED' && (
          <>
            <Result
              status="warning"
              data-testid="import-refused"
              title={t('imports.result.refused')}
              subTitle={t('imports.result.refusedText')}
              extra={<Button onClick={reset}>{t('imports.again')}</Button>}
            />
            {report && <ReportView report={report} kind={info} fileName={batch.fileName} />}
          </>
        )}
        {batch?.status === 'FAILED' && (
          <Result
            status="error"
            data-testid="import-failed"
            title={t('imports.result.failed')}
            subTitle={pick(batch.failure, lang) || t('imports.result.failedText')}
            extra={<Button onClick={reset}>{t('imports.again')}</Button>}
          />
        )}
      </div>
    </div>
  );
}

function RunProgress({ label, progress }: { label: string; progress?: { done: number; total: number } | null }) {
  const { t } = useTranslation();
  const percent = progressPercent(progress);
  return (
    <div style={{ marginBottom: 16 }} data-testid="import-progress">
      <Typography.Text>{label}</Typography.Text>
      {percent === null ? (
        <Progress percent={100} status="active" showInfo={false} />
      ) : (
        <>
          <Progress percent={percent} status="active" />
          <Typography.Text type="secondary">
            {t('imports.progress.rows', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
          </Typography.Text>
        </>
      )}
    </div>
  );
}
