import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Rate,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  AnswerRectificationDocument,
  AppealRatingDocument,
  DecideAppealDocument,
  PendingAppealsDocument,
  RectificationsDocument,
  type PendingAppealsQuery,
  type RectificationRowFragment,
  type RectificationWhereInput,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import ExportButton from '../../components/ExportButton';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/store';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { RECT_COLORS, VERDICT_COLORS } from '../frontline/MyRatingsPage';
import { SCORE_KEYS } from '../frontline/scores';

type Filter = 'todo' | 'answered' | 'closed' | 'all';
const PAGE = 20;
const ORDER = { field: 'DUE_AT', direction: 'ASC' } as const;

function whereFor(f: Filter): RectificationWhereInput | undefined {
  if (f === 'todo') return { status: 'OPEN' };
  if (f === 'answered') return { status: 'ANSWERED' };
  if (f === 'closed') return { status: 'CLOSED' };
  return undefined;
}

/** 差评整改 for the rated departments (answer, appeal) and 申诉复核 for admins. */
export default function RectificationsPage() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'appeals' && viewer?.role === 'ADMIN' ? 'appeals' : 'rectifications';
  return (
    <Card>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('rect.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('rect.subtitle')}</Typography.Text>
      {viewer?.role === 'ADMIN' ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'appeals' ? { tab: k } : {}, { replace: true })}
          items={[
            { key: 'rectifications', label: t('rect.tab'), children: <RectificationList /> },
            { key: 'appeals', label: t('appeal.tab'), children: <AppealList /> },
          ]}
        />
      ) : (
        <div style={{ marginTop: 16 }}>
          <RectificationList />
        </div>
      )}
    </Card>
  );
}

function RectificationList() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('todo');
  const [openId, setOpenId] = useState<string | null>(null);
  const where = useMemo(() => whereFor(filter), [filter]);
  const paging = useCursorPaging(filter);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RectificationsDocument,
    variables: { first: PAGE, after: paging.after, where },
  });
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const rows = (shown?.rectifications.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const open = rows.find((r) => r.id === openId) ?? null;
  const conn = shown?.rectifications;
  const now = Date.now();

  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={(['todo', 'answered', 'closed', 'all'] as const).map((f) => ({ value: f, label: t(`rect.filter.${f}`) }))}
        />
        <Space>
          <ExportButton table="rectifications" where={where} orderBy={ORDER} />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={refresh} />
        </Space>
      </Flex>
      {!shown ? (
        error ? (
          <ErrorState error={error} onRetry={refresh} />
        ) : (
          <Skeleton active paragraph={{ rows: 6 }} />
        )
      ) : (
        <Table<RectificationRowFragment>
          rowKey="id"
          size="middle"
          loading={fetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <EmptyState title={t('rect.emptyTitle')} text={t('rect.emptyText')} /> }}
          columns={[
            { key: 'dept', title: t('rect.col.department'), width: 170, render: (_, r) => r.department.name },
            {
              key: 'rating',
              title: t('rect.col.rating'),
              render: (_, r) => (
                <Flex vertical>
                  <Space size={6}>
                    <Rate disabled value={r.rating.score} style={{ fontSize: 13 }} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.rating.raterUnit.name}
                      {r.rating.anonymous ? ` · ${t('common.anonymous')}` : ''}
                    </Typography.Text>
                  </Space>
                  <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                    {r.rating.comment || '—'}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'status',
              title: t('rect.col.status'),
              width: 150,
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag color={RECT_COLORS[r.status]}>{t(`rectStatus.${r.status}`)}</Tag>
                  {r.verdict && <Tag color={VERDICT_COLORS[r.verdict]}>{t(`verdict.${r.verdict}`)}</Tag>}
                  {r.rating.appealStatus !== 'NONE' && <Tag color="purple">{t(`appealStatus.${r.rating.appealStatus}`)}</Tag>}
                </Space>
              ),
            },
            {
              key: 'due',
              title: t('rect.col.due'),
              width: 130,
              render: (_, r) => {
                const late = r.status === 'OPEN' && Date.parse(r.dueAt) < now;
                return (
                  <Typography.Text type={late ? 'danger' : undefined}>
                    {dayjs(r.dueAt).format('YYYY-MM-DD')}
                    {late ? ` · ${t('tasks.overdue')}` : ''}
                  </Typography.Text>
                );
              },
            },
          ]}
          footer={
            conn && conn.totalCount > 0
              ? () => (
                  <Pager
                    total={conn.totalCount}
                    page={paging.page}
                    pageSize={PAGE}
                    hasNext={!!data && !!conn.pageInfo.hasNextPage}
                    busy={fetching}
                    onFirst={paging.first}
                    onPrev={paging.prev}
                    onNext={() => paging.next(conn.pageInfo.endCursor)}
                  />
                )
              : undefined
          }
        />
      )}
      {open && <RectificationDrawer rect={open} onClose={() => setOpenId(null)} onChanged={refresh} />}
    </>
  );
}

function RectificationDrawer({
  rect,
  onClose,
  onChanged,
}: {
  rect: RectificationRowFragment;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { viewer } = useAuth();
  const [form] = Form.useForm<{ answer: string }>();
  const [answerRes, answer] = useMutation(AnswerRectificationDocument);
  const [appealing, setAppealing] = useState(false);
  const agency = viewer?.role === 'LEADER' || viewer?.role === 'STAFF';
  const r = rect.rating;
  return (
    <Drawer open onClose={onClose} size={560} title={t('rect.drawerTitle', { dept: rect.department.name })} data-testid="rect-drawer">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'score',
            label: t('rate.score'),
            children: (
              <Space>
                <Rate disabled value={r.score} style={{ fontSize: 14 }} />
                {t(SCORE_KEYS[r.score])}
              </Space>
            ),
          },
          {
            key: 'dims',
            label: t('rect.dimensions'),
            children: `${t('dimension.responsiveness')} ${r.responsiveness} · ${t('dimension.resolution')} ${r.resolution} · ${t('dimension.attitude')} ${r.attitude}`,
          },
          { key: 'unit', label: t('rect.raterUnit'), children: `${r.raterUnit.name}${r.anonymous ? `（${t('common.anonymous')}）` : ''}` },
          { key: 'at', label: t('rect.ratedAt'), children: dayjs(r.createdAt).format('YYYY-MM-DD HH:mm') },
          { key: 'comment', label: t('rate.comment'), children: r.comment || '—' },
          { key: 'due', label: t('rect.col.due'), children: dayjs(rect.dueAt).format('YYYY-MM-DD') },
          { key: 'status', label: t('rect.col.status'), children: <Tag color={RECT_COLORS[rect.status]}>{t(`rectStatus.${rect.status}`)}</Tag> },
          ...(rect.reopenCount ? [{ key: 'reopen', label: t('rect.reopened'), children: String(rect.reopenCount) }] : []),
          ...(rect.answer ? [{ key: 'answer', label: t('rect.answer'), children: rect.answer }] : []),
          ...(rect.verdict ? [{ key: 'verdict', label: t('rect.verdict'), children: t(`verdict.${rect.verdict}`) }] : []),
          { key: 'task', label: t('rect.task'), children: <Link to={`/tasks/${rect.task.id}`}>{t('rect.openTask')}</Link> },
          ...(r.appealStatus !== 'NONE'
            ? [
                {
                  key: 'appeal',
                  label: t('appeal.status'),
                  children: (
                    <span>
                      {t(`appealStatus.${r.appealStatus}`)}
                      {r.appealReason ? `：${r.appealReason}` : ''}
                      {r.appealDecisionNote ? `（${r.appealDecisionNote}）` : ''}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {rect.status === 'OPEN' && agency && (
        <Card size="small" title={t('rect.answerTitle')} style={{ marginTop: 16 }}>
          <Form
            form={form}
            layout="vertical"
            onFinish={async (v) => {
              const res = await answer({ id: rect.id, answer: v.answer.trim() });
              if (res.error) message.error(errorMessage(t, res.error));
              else {
                message.success(t('rect.answered'));
                onChanged();
              }
            }}
          >
            <Form.Item name="answer" rules={[{ required: true, whitespace: true, message: t('rect.answerRequired') }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('rect.answerPlaceholder')} data-testid="rect-answer" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={answerRes.fetching} data-testid="rect-answer-submit">
              {t('rect.answerSubmit')}
            </Button>
          </Form>
        </Card>
      )}
      {agency && r.appealStatus === 'NONE' && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title={t('appeal.hint')}
          action={
            <Button size="small" onClick={() => setAppealing(true)}>
              {t('appeal.button')}
            </Button>
          }
        />
      )}
      {appealing && (
        <AppealDialog
          ratingId={r.id}
          onClose={(ok) => {
            setAppealing(false);
            if (ok) onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

function AppealDialog({ ratingId, onClose }: { ratingId: string; onClose: (ok: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [res, appeal] = useMutation(AppealRatingDocument);
  return (
    <Modal
      open
      title={t('appeal.title')}
      okText={t('appeal.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('appeal.explain')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await appeal({ id: ratingId, reason: v.reason.trim() });
          if (r.error) message.error(errorMessage(t, r.error));
          else {
            message.success(t('appeal.submitted'));
            onClose(true);
          }
        }}
      >
        <Form.Item name="reason" label={t('appeal.reason')} rules={[{ required: true, whitespace: true, message: t('appeal.reasonRequired') }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Appeal = NonNullable<NonNullable<NonNullable<PendingAppealsQuery['ratings']['edges']>[number]>['node']>;

function AppealList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const paging = useCursorPaging('');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: PendingAppealsDocument,
    variables: { first: PAGE, after: paging.after },
  });
  const [res, decide] = useMutation(DecideAppealDocument);
  const [deciding, setDeciding] = useState<{ appeal: Appeal; uphold: boolean } | null>(null);
  const [note, setNote] = useState('');
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  if (!data) return error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active />;
  const rows = (data.ratings.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <Table<Appeal>
        rowKey="id"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: <EmptyState title={t('appeal.emptyTitle')} text={t('appeal.emptyText')} /> }}
        columns={[
          { key: 'dept', title: t('rect.col.department'), width: 160, render: (_, a) => a.targetDepartment.name },
          {
            key: 'rating',
            title: t('rect.col.rating'),
            render: (_, a) => (
              <Flex vertical>
                <Space>
                  <Rate disabled value={a.score} style={{ fontSize: 13 }} />
                  <Typography.Text type="secondary">{a.raterUnit.name}</Typography.Text>
                </Space>
                <Typography.Text>{a.comment || '—'}</Typography.Text>
              </Flex>
            ),
          },
          { key: 'reason', title: t('appeal.reason'), render: (_, a) => a.appealReason },
          {
            key: 'act',
            title: t('appeal.decide'),
            width: 200,
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => setDeciding({ appeal: a, uphold: true })}>
                  {t('appeal.uphold')}
                </Button>
                <Button size="small" danger onClick={() => setDeciding({ appeal: a, uphold: false })}>
                  {t('appeal.void')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {deciding && (
        <Modal
          open
          title={deciding.uphold ? t('appeal.upholdTitle') : t('appeal.voidTitle')}
          okText={t('common.submit')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: !deciding.uphold }}
          confirmLoading={res.fetching}
          onCancel={() => setDeciding(null)}
          onOk={async () => {
            const r = await decide({ id: deciding.appeal.id, uphold: deciding.uphold, note: note.trim() || undefined });
            if (r.error) message.error(errorMessage(t, r.error));
            else {
              message.success(t('appeal.decided'));
              setDeciding(null);
              setNote('');
              refresh();
            }
          }}
        >
          <Typography.Paragraph type="secondary">{deciding.uphold ? t('appeal.upholdText') : t('appeal.voidText')}</Typography.Paragraph>
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('appeal.notePlaceholder')} />
        </Modal>
      )}
    </>
  );
}
