import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Segmented,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  ComplaintsDocument,
  HandleComplaintDocument,
  OverdueComplaintCountDocument,
  StaffSearchDocument,
  type ComplaintAction,
  type ComplaintRowFragment,
  type ComplaintWhereInput,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import ExportButton from '../../components/ExportButton';
import Pager from '../../components/Pager';
import { errorMessage, toAppError } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { COMPLAINT_STATUS_COLORS } from './PublicComplaintPage';

type Filter = 'open' | 'received' | 'handling' | 'closed' | 'all';
const PAGE = 20;
const ORDER = { field: 'RECEIVED_AT', direction: 'DESC' } as const;

function whereFor(f: Filter): ComplaintWhereInput | undefined {
  switch (f) {
    case 'open':
      return { statusIn: ['RECEIVED', 'ACCEPTED', 'INVESTIGATING'] };
    case 'received':
      return { status: 'RECEIVED' };
    case 'handling':
      return { statusIn: ['ACCEPTED', 'INVESTIGATING'] };
    case 'closed':
      return { statusIn: ['RESOLVED', 'REJECTED'] };
    default:
      return undefined;
  }
}

/** What each status allows (the server refuses anything else with BAD_USER_INPUT). */
export const COMPLAINT_ACTIONS: Record<string, ComplaintAction[]> = {
  RECEIVED: ['ACCEPT', 'REJECT'],
  ACCEPTED: ['INVESTIGATE'],
  INVESTIGATING: ['RESOLVE'],
  RESOLVED: [],
  REJECTED: [],
};

/** 效能投诉 handling queue (LEADER of the department's subtree, ADMIN). */
export default function ComplaintsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [openId, setOpenId] = useState<string | null>(null);
  const where = useMemo(() => whereFor(filter), [filter]);
  const paging = useCursorPaging(filter);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ComplaintsDocument,
    variables: { first: PAGE, after: paging.after, where },
  });
  const [overdue] = useQuery({ query: OverdueComplaintCountDocument });
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const rows = (shown?.complaints.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const open = rows.find((r) => r.id === openId) ?? null;
  const conn = shown?.complaints;
  const overdueCount = overdue.data?.overdueComplaints.length ?? 0;

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('complaints.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('complaints.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['open', 'received', 'handling', 'closed', 'all'] as const).map((f) => ({
              value: f,
              label: t(`complaints.filter.${f}`),
            }))}
          />
          <ExportButton table="complaints" where={where} orderBy={ORDER} />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={refresh} />
        </Space>
      </Flex>
      {overdueCount > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('complaints.overdueAlert', { count: overdueCount })} />
      )}
      {!shown ? (
        error ? (
          <ErrorState error={error} onRetry={refresh} />
        ) : (
          <Skeleton active paragraph={{ rows: 6 }} />
        )
      ) : (
        <Table<ComplaintRowFragment>
          rowKey="id"
          size="middle"
          loading={fetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 960 }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <EmptyState title={t('complaints.emptyTitle')} text={t('complaints.emptyText')} /> }}
          columns={[
            {
              key: 'code',
              title: t('complaint.code'),
              width: 130,
              render: (_, c) => <Typography.Text code>{c.trackingCode}</Typography.Text>,
            },
            { key: 'cat', title: t('complaint.category'), width: 100, render: (_, c) => t(`complaintCategory.${c.category}`) },
            {
              key: 'target',
              title: t('complaints.col.target'),
              width: 180,
              render: (_, c) => (
                <Flex vertical>
                  <span>{c.department?.name ?? c.staff?.department.name ?? '—'}</span>
                  {c.staff && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.staff.name}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              key: 'text',
              title: t('complaint.text'),
              render: (_, c) => (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {c.text}
                </Typography.Text>
              ),
            },
            {
              key: 'status',
              title: t('complaint.status'),
              width: 150,
              render: (_, c) => (
                <Space size={4}>
                  <Tag color={COMPLAINT_STATUS_COLORS[c.status]}>{t(`complaintStatus.${c.status}`)}</Tag>
                  {c.overdue && <Badge status="error" text={t('tasks.overdue')} />}
                </Space>
              ),
            },
            {
              key: 'due',
              title: t('complaints.col.due'),
              width: 120,
              render: (_, c) => {
                const due = c.status === 'RECEIVED' ? c.acceptDueAt : c.resolveDueAt;
                return due && (c.status === 'RECEIVED' || c.status === 'ACCEPTED' || c.status === 'INVESTIGATING')
                  ? dayjs(due).format('YYYY-MM-DD')
                  : '—';
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
      {open && <ComplaintDrawer complaint={open} onClose={() => setOpenId(null)} onChanged={refresh} />}
    </Card>
  );
}

interface HandleValues {
  findings?: string;
  feedback?: string;
  accountable: boolean;
  subjectStaff?: string;
  measure?: string;
  decidedBy?: string;
}

function ComplaintDrawer({
  complaint: c,
  onClose,
  onChanged,
}: {
  complaint: ComplaintRowFragment;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actions = COMPLAINT_ACTIONS[c.status] ?? [];
  const [action, setAction] = useState<ComplaintAction | null>(actions[0] ?? null);
  const [form] = Form.useForm<HandleValues>();
  const accountable = Form.useWatch('accountable', form);
  const [res, handle] = useMutation(HandleComplaintDocument);
  const [staffSearch, setStaffSearch] = useState(c.staff?.name ?? '');
  const [staff] = useQuery({
    query: StaffSearchDocument,
    variables: { where: { nameContains: staffSearch.trim() }, first: 20 },
    pause: !accountable || !staffSearch.trim(),
  });
  const needsFeedback = action === 'REJECT' || action === 'RESOLVE';
  const needsFindings = action === 'RESOLVE';

  return (
    <Drawer open onClose={onClose} size={620} title={t('complaints.drawerTitle', { code: c.trackingCode })}>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'status',
            label: t('complaint.status'),
            children: (
              <Space>
                <Tag color={COMPLAINT_STATUS_COLORS[c.status]}>{t(`complaintStatus.${c.status}`)}</Tag>
                {c.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
              </Space>
            ),
          },
          { key: 'cat', label: t('complaint.category'), children: t(`complaintCategory.${c.category}`) },
          { key: 'dept', label: t('complaint.department'), children: c.department?.name ?? '—' },
          { key: 'staff', label: t('complaint.staff'), children: c.staff ? `${c.staff.name} · ${c.staff.department.name}` : '—' },
          {
            key: 'who',
            label: t('complaints.complainant'),
            children: c.anonymous ? t('common.anonymous') : `${c.complainantName}${c.complainantContact ? ` · ${c.complainantContact}` : ''}`,
          },
          { key: 'text', label: t('complaint.text'), children: <div style={{ whiteSpace: 'pre-wrap' }}>{c.text}</div> },
          { key: 'received', label: t('complaint.step.received'), children: dayjs(c.receivedAt).format('YYYY-MM-DD HH:mm') },
          { key: 'acceptDue', label: t('complaints.acceptDue'), children: dayjs(c.acceptDueAt).format('YYYY-MM-DD') },
          ...(c.resolveDueAt ? [{ key: 'resolveDue', label: t('complaints.resolveDue'), children: dayjs(c.resolveDueAt).format('YYYY-MM-DD') }] : []),
          ...(c.handler ? [{ key: 'handler', label: t('complaints.handler'), children: c.handler.name }] : []),
          ...(c.findings ? [{ key: 'findings', label: t('complaints.findings'), children: c.findings }] : []),
          ...(c.feedback ? [{ key: 'feedback', label: t('complaint.feedback'), children: c.feedback }] : []),
          ...(c.accountabilities?.length
            ? [
                {
                  key: 'acc',
                  label: t('complaints.accountability'),
                  children: c.accountabilities
                    .map((a) => `${a.subjectStaff?.name ?? a.subjectDepartment?.name ?? ''}：${a.measure}（${a.decidedBy}）`)
                    .join('；'),
                },
              ]
            : []),
        ]}
      />
      {actions.length > 0 && action && (
        <Card size="small" title={t('complaints.handle')} style={{ marginTop: 16 }}>
          <Segmented<ComplaintAction>
            value={action}
            onChange={setAction}
            options={actions.map((a) => ({ value: a, label: t(`complaintAction.${a}`) }))}
            style={{ marginBottom: 12 }}
          />
          <Typography.Paragraph type="secondary">{t(`complaintActionHint.${action}`)}</Typography.Paragraph>
          <Form<HandleValues>
            form={form}
            layout="vertical"
            initialValues={{ accountable: false }}
            onFinish={async (v) => {
              const r = await handle({
                id: c.id,
                input: {
                  action,
                  findings: needsFindings ? v.findings?.trim() : undefined,
                  feedback: needsFeedback ? v.feedback?.trim() : undefined,
                  accountability:
                    action === 'RESOLVE' && v.accountable
                      ? {
                          subjectStaff: v.subjectStaff,
                          subjectDepartment: v.subjectStaff ? undefined : c.department?.id,
                          measure: v.measure?.trim() ?? '',
                          decidedBy: v.decidedBy?.trim() ?? '',
                        }
                      : undefined,
                },
              });
              if (r.error) {
                const app = toAppError(r.error);
                const f = app.field?.replace(/^input\.(accountability\.)?/, '');
                if (app.code === 'BAD_USER_INPUT' && f && ['findings', 'feedback', 'measure', 'decidedBy'].includes(f)) {
                  form.setFields([{ name: f as keyof HandleValues, errors: [errorMessage(t, r.error)] }]);
                } else message.error(errorMessage(t, r.error));
                return;
              }
              message.success(t('complaints.handled'));
              form.resetFields();
              onChanged();
            }}
          >
            {needsFindings && (
              <Form.Item name="findings" label={t('complaints.findings')} rules={[{ required: true, whitespace: true, message: t('complaints.findingsRequired') }]} extra={t('complaints.findingsHint')}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            )}
            {needsFeedback && (
              <Form.Item name="feedback" label={t('complaint.feedback')} rules={[{ required: true, whitespace: true, message: t('complaints.feedbackRequired') }]} extra={t('complaints.feedbackHint')}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
            )}
            {action === 'RESOLVE' && (
              <>
                <Form.Item name="accountable" valuePropName="checked" label={t('complaints.accountability')}>
                  <Switch />
                </Form.Item>
                {accountable && (
                  <>
                    <Form.Item name="subjectStaff" label={t('complaints.subject')} extra={t('complaints.subjectHint')}>
                      <Select
                        allowClear
                        showSearch
                        filterOption={false}
                        onSearch={setStaffSearch}
                        options={(staff.data?.staffMembers.edges ?? []).flatMap((e) =>
                          e?.node ? [{ value: e.node.id, label: `${e.node.name} · ${e.node.department.name}` }] : [],
                        )}
                      />
                    </Form.Item>
                    <Form.Item name="measure" label={t('complaints.measure')} rules={[{ required: true, whitespace: true }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name="decidedBy" label={t('complaints.decidedBy')} rules={[{ required: true, whitespace: true }]}>
                      <Input maxLength={50} />
                    </Form.Item>
                  </>
                )}
              </>
            )}
            <Button type="primary" htmlType="submit" loading={res.fetching} danger={action === 'REJECT'}>
              {t(`complaintAction.${action}`)}
            </Button>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}
