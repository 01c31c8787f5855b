import { useMemo } from 'react';
import { Alert, Button, Col, Descriptions, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { langOf, problemRows, problemSheet, type KindInfo, type ProblemRow, type Report } from './logic';
import { buildXlsx, saveFile } from './xlsx';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

interface Props {
  report: Report;
  kind?: KindInfo;
  fileName?: string;
}

/** An import run's report: counts, how the file was read, and every problem with its place. */
export default function ReportView({ report, kind, fileName }: Props) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const rows = useMemo(() => problemRows(report, lang, kind?.columns), [report, lang, kind]);
  const header: [string, string, string, string] = [
    t('imports.report.sheet'),
    t('imports.report.line'),
    t('imports.report.column'),
    t('imports.report.message'),
  ];

  const exportProblems = () => {
    const base = (fileName ?? 'import').replace(/\.[^.]+$/, '');
    saveFile(
      buildXlsx(t('imports.report.problemsSheet'), problemSheet(rows, header, t('imports.report.wholeFile'))),
      `${base}-${t('imports.report.problemsFile')}.xlsx`,
    );
  };

  return (
    <div data-testid="import-report">
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} sm={8} md={4}>
          <Statistic title={t('imports.report.rows')} value={report.rows} />
        </Col>
        <Col xs={12} sm={8} md={5}>
          <Statistic title={t('imports.report.created')} value={report.created} valueStyle={{ color: '#1677ff' }} />
          <span data-testid="report-created" hidden>
            {report.created}
          </span>
        </Col>
        <Col xs={12} sm={8} md={5}>
          <Statistic title={t('imports.report.updated')} value={report.updated} valueStyle={{ color: '#d48806' }} />
          <span data-testid="report-updated" hidden>
            {report.updated}
          </span>
        </Col>
        <Col xs={12} sm={8} md={5}>
          <Statistic title={t('imports.report.unchanged')} value={report.unchanged} />
          <span data-testid="report-unchanged" hidden>
            {report.unchanged}
          </span>
        </Col>
        <Col xs={12} sm={8} md={5}>
          <Statistic
            title={t('imports.report.problems')}
            value={report.problemCount}
            valueStyle={{ color: report.problemCount ? '#cf1322' : '#389e0d' }}
          />
          <span data-testid="report-problems" hidden>
            {report.problemCount}
          </span>
        </Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('imports.report.format')}>
          {report.format === 'CSV' ? `CSV${report.encoding ? ` · ${report.encoding}` : ''}` : 'Excel (.xlsx)'}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.report.sheet')}>{report.sheet || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('imports.report.headerLine')}>
          {report.headerLine ? t('imports.report.lineN', { n: report.headerLine }) : t('imports.report.noHeader')}
        </Descriptions.Item>
        {fileName && <Descriptions.Item label={t('imports.report.file')}>{fileName}</Descriptions.Item>}
      </Descriptions>
      {report.ignoredColumns.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('imports.report.ignored', { columns: report.ignoredColumns.join('、') })}
        />
      )}
      {report.exampleLines.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('imports.report.example', { lines: report.exampleLines.join('、') })}
        />
      )}
      {rows.length > 0 && (
        <>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Text strong>
              {t('imports.report.problemList', { count: report.problemCount })}
              {report.problemCount > rows.length && (
                <Typography.Text type="secondary"> {t('imports.report.firstN', { n: rows.length })}</Typography.Text>
              )}
            </Typography.Text>
            <Button icon={<FileExcelOutlined />} onClick={exportProblems} data-testid="export-problems">
              {t('imports.report.exportProblems')}
            </Button>
          </Flex>
          <Table<ProblemRow>
            size="small"
            rowKey="key"
            dataSource={rows}
            data-testid="problem-table"
            onRow={() => ({ 'data-testid': 'problem-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 640 }}
            columns={[
              { title: header[0], dataIndex: 'sheet', width: 120 },
              {
                title: header[1],
                dataIndex: 'line',
                width: 100,
                render: (n: number) =>
                  n ? <span data-testid="problem-line">{n}</span> : <Tag>{t('imports.report.wholeFile')}</Tag>,
              },
              {
                title: header[2],
                dataIndex: 'column',
                width: 160,
                render: (c: string) =>
                  c ? <span data-testid="problem-column">{c}</span> : <Tag>{t('imports.report.wholeRow')}</Tag>,
              },
              { title: header[3], dataIndex: 'message', render: (m: string) => <span data-testid="problem-message">{m}</span> },
            ]}
          />
        </>
      )}
    </div>
  );
}
