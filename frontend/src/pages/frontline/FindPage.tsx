import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Result, Skeleton, Tag, Typography } from 'antd';
import { FileAddOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  DefaultReceivingDocument,
  FileRequestDocument,
  FindResponsibleDocument,
  type FileRequestMutation,
  type FindResponsibleQuery,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import { useSetupGap } from '../setup/SetupGap';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/store';
import { useDepartments } from '../../hooks/org';
import styles from './frontline.module.css';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

type Match = FindResponsibleQuery['findResponsible'][number];

/** The department that takes requests no item covers when the setting is unset (internal/tasks.OfficeName). */
const OFFICE = '办公室';

const EXAMPLES = ['落水管', '车间门窗', '电器电路', '办公用品', '打印机', '宿舍维修'];

/** The filing dialog's subject: an item found, or none (the default receiving department takes it). */
type Filing = { match: Match | null; text: string };

/**
 * The default receiving department's name, as the server chooses it: the setting
 * requests.default_department, else the agency department named 办公室; null when neither is known.
 */
function useDefaultReceiving(pause: boolean): string | null {
  const [{ data }] = useQuery({ query: DefaultReceivingDocument, pause, requestPolicy: 'cache-first' });
  const depts = useDepartments({ pause });
  const set = data?.settings.find((s) => s.key === 'requests.default_department')?.department?.name;
  if (set) return set;
  if (!data) return null;
  return depts.agency.some((d) => d.name === OFFICE) ? OFFICE : null;
}

/** 找谁办: a few words → the responsible and lead departments and the commitment, one click to file a request. */
export default function FindPage() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [input, setInput] = useState(q);
  const [filing, setFiling] = useState<Filing | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: FindResponsibleDocument,
    variables: { query: q },
    pause: !q.trim(),
  });
  const search = (v: string) => {
    setInput(v);
    setParams(v.trim() ? { q: v.trim() } : {}, { replace: true });
  };
  const canFile = viewer?.role === 'FRONTLINE';
  // An empty responsibility list finds nothing: say so, and where it is maintained.
  const gap = useSetupGap(['responsibility']);
  const results = data?.findResponsible ?? [];
  const defaultDept = useDefaultReceiving(!canFile);
  const fileAnyway = (
    <Button icon={<FileAddOutlined />} onClick={() => setFiling({ match: null, text: q })} data-testid="file-request-anyway">
      {t('resp.find.fileAnyway')}
    </Button>
  );

  return (
    <div className={styles.narrow} style={{ maxWidth: 860 }}>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('find.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('find.subtitle')}</Typography.Paragraph>
        <Input.Search
          size="large"
          enterButton={<><SearchOutlined /> {t('find.search')}</>}
          placeholder={t('find.placeholder')}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onSearch={search}
          allowClear
          data-testid="find-input"
        />
        <Flex wrap gap={6} style={{ marginTop: 10 }} align="center">
          <Typography.Text type="secondary">{t('find.examples')}</Typography.Text>
          {EXAMPLES.map((e) => (
            <Tag key={e} style={{ cursor: 'pointer' }} onClick={() => search(e)}>
              {e}
            </Tag>
          ))}
        </Flex>
      </Card>
      {gap && !q.trim() && <Card>{gap}</Card>}
      {q.trim() &&
        (error ? (
          <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
        ) : fetching && !data ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : results.length === 0 && gap ? (
          <Card>{gap}</Card>
        ) : results.length === 0 ? (
          <Card>
            <EmptyState
              title={t('find.emptyTitle', { q })}
              text={
                canFile
                  ? defaultDept
                    ? t('resp.find.noItemText', { dept: defaultDept })
                    : t('resp.find.noItemTextUnknown')
                  : t('find.emptyText')
              }
            >
              <Flex vertical align="center" gap={8}>
                {canFile && fileAnyway}
                <Link to="/complaint">{t('find.complaintLink')}</Link>
              </Flex>
            </EmptyState>
          </Card>
        ) : (
          <Flex vertical gap={12} data-testid="find-results">
            {results.map((m, i) => (
              <MatchCard
                key={m.item.id}
                match={m}
                best={i === 0}
                canFile={canFile}
                defaultDept={defaultDept}
                onFile={() => setFiling({ match: m, text: '' })}
              />
            ))}
            {canFile && (
              <Card size="small" data-testid="find-no-item">
                <Flex justify="space-between" align="center" wrap gap={8}>
                  <div>
                    <Typography.Text strong>{t('resp.find.noItem')}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">
                      {defaultDept ? t('resp.find.noItemText', { dept: defaultDept }) : t('resp.find.noItemTextUnknown')}
                    </Typography.Text>
                  </div>
                  {fileAnyway}
                </Flex>
              </Card>
            )}
          </Flex>
        ))}
      {filing && <FileRequestDialog match={filing.match} text={filing.text} defaultDept={defaultDept} onClose={() => setFiling(null)} />}
    </div>
  );
}

function MatchCard({
  match: m,
  best,
  canFile,
  defaultDept,
  onFile,
}: {
  match: Match;
  best: boolean;
  canFile: boolean;
  defaultDept: string | null;
  onFile: () => void;
}) {
  const { t } = useTranslation();
  const unowned = !m.responsibleDepartment;
  return (
    <Card size="small" data-testid="find-result" style={best ? { borderColor: '#1f5fae' } : undefined}>
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <div style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            {best && <Tag color="blue">{t('find.best')}</Tag>}
            <Typography.Text strong style={{ fontSize: 16 }}>
              {m.item.title}
            </Typography.Text>
            <Tag>{t(`itemList.${m.item.list}`)}</Tag>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.item.categoryPath.split('/').join(' › ')}
          </Typography.Text>
        </div>
        {canFile && (
          <Button type="primary" icon={<FileAddOutlined />} onClick={onFile} data-testid="file-request">
            {t('find.file')}
          </Button>
        )}
      </Flex>
      {unowned && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={
            !canFile
              ? t('find.unowned')
              : defaultDept
                ? t('resp.find.unowned', { dept: defaultDept })
                : t('resp.find.unownedUnknown')
          }
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'resp',
            label: t('find.responsible'),
            children: <Typography.Text strong data-testid="find-responsible">{m.responsibleDepartment?.name ?? t('find.none')}</Typography.Text>,
          },
          { key: 'lead', label: t('find.lead'), children: m.leadDepartment?.name ?? '—' },
          {
            key: 'commit',
            label: t('find.commitment'),
            span: 2,
            children: (
              <span>
                {t('find.commitmentText', { hours: m.commitment.respondWithinHours, days: m.commitment.resolveWithinDays })}
                {m.commitment.text && m.commitment.text !== '' ? ` · ${m.commitment.text}` : ''}
              </span>
            ),
          },
          ...(m.item.contact ? [{ key: 'contact', label: t('find.contact'), children: m.item.contact }] : []),
          ...(m.item.legalBasis ? [{ key: 'basis', label: t('find.basis'), children: m.item.legalBasis }] : []),
        ]}
      />
      {m.matched.length > 0 && (
        <Flex wrap gap={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('find.matched')}
          </Typography.Text>
          {m.matched.map((w) => (
            <Tag key={w} color="gold" style={{ fontSize: 12 }}>
              {w}
            </Tag>
          ))}
        </Flex>
      )}
    </Card>
  );
}

function FileRequestDialog({
  match,
  text,
  defaultDept,
  onClose,
}: {
  match: Match | null;
  text: string;
  defaultDept: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ description: string }>();
  const [res, file] = useMutation(FileRequestDocument);
  const [done, setDone] = useState<FileRequestMutation['fileRequest'] | null>(null);
  return (
    <Modal
      open
      title={match ? t('find.fileTitle', { item: match.item.title }) : t('resp.find.fileNoItemTitle')}
      onCancel={onClose}
      footer={
        done
          ? [
              <Button key="close" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : undefined
      }
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {done ? (
        <Result
          status="success"
          title={t('find.filed')}
          subTitle={t(match?.responsibleDepartment ? 'find.filedText' : 'resp.find.filedDefault', {
            dept: done.leadDepartment.name,
            due: dayjs(done.dueAt).format('YYYY-MM-DD'),
          })}
          extra={<Link to={`/requests/${done.id}`}>{t('find.follow')}</Link>}
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary" data-testid="file-hint">
            {match?.responsibleDepartment
              ? t('find.fileHint', { dept: match.responsibleDepartment.name, days: match.commitment.resolveWithinDays })
              : match
                ? defaultDept
                  ? t('resp.find.unownedHint', { dept: defaultDept, days: match.commitment.resolveWithinDays })
                  : t('resp.find.unownedHintUnknown', { days: match.commitment.resolveWithinDays })
                : defaultDept
                  ? t('resp.find.fileNoItemHint', { dept: defaultDept })
                  : t('resp.find.fileNoItemHintUnknown')}
          </Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ description: text }}
            onFinish={async (v) => {
              const r = await file({ ...(match ? { item: match.item.id } : {}), description: v.description.trim() });
              if (r.error || !r.data) message.error(errorMessage(t, r.error));
              else setDone(r.data.fileRequest);
            }}
          >
            <Form.Item
              name="description"
              label={t('find.description')}
              rules={[{ required: true, whitespace: true, message: t('find.descriptionRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={1000} showCount placeholder={t('find.descriptionPlaceholder')} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
