import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ConfirmVisitDocument, RecordVisitDocument, VisitsDocument, type ServiceVisitWhereInput, type VisitsQuery } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import ExportButton from '../../components/ExportButton';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/store';
import { useDepartments } from '../../hooks/org';
import { useCursorPaging, useSticky } from '../../hooks/paging';

type Visit = NonNullable<NonNullable<NonNullable<VisitsQuery['serviceVisits']['edges']>[number]>['node']>;
type Filter = 'pending' | 'confirmed' | 'all';
const PAGE = 20;
const ORDER = { field: 'VISITED_AT', direction: 'DESC' } as const;

export function visitState(v: Pick<Visit, 'confirmed' | 'confirmedAt'>): 'confirmed' | 'disputed' | 'pending' {
  if (v.confirmed) return 'confirmed';
  return v.confirmedAt ? 'disputed' : 'pending';
}

/** 下沉服务: a frontline unit confirms (or disputes) the visits it received; agency staff record theirs. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { viewer } = useAuth();
  const frontline = viewer?.role === 'FRONTLINE';
  const [filter, setFilter] = useState<Filter>(frontline ? 'pending' : 'all');
  const [recording, setRecording] = useState(false);
  const where = useMemo<ServiceVisitWhereInput | undefined>(
    () =>
      filter === 'pending'
        ? { confirmed: false, confirmedAtIsNil: true }
        : filter === 'confirmed'
          ? { confirmed: true }
          : undefined,
    [filter],
  );
  const paging = useCursorPaging(filter);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: VisitsDocument,
    variables: { first: PAGE, after: paging.after, where },
  });
  const shown = useSticky(data);
  const [confirmRes, confirm] = useMutation(ConfirmVisitDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const act = async (id: string, confirmed: boolean) => {
    const r = await confirm({ id, confirmed });
    if (r.error) message.error(errorMessage(t, r.error));
    else {
      message.success(confirmed ? t('visits.confirmedMsg') : t('visits.disputedMsg'));
      refresh();
    }
  };

  const rows: Visit[] = (shown?.serviceVisits.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const conn = shown?.serviceVisits;

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('visits.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{frontline ? t('visits.subtitleFrontline') : t('visits.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'pending', label: t('visits.filter.pending') },
              { value: 'confirmed', label: t('visits.filter.confirmed') },
              { value: 'all', label: t('visits.filter.all') },
            ]}
          />
          {!frontline && viewer?.role !== 'ADMIN' && (
            <Button icon={<PlusOutlined />} onClick={() => setRecording(true)}>
              {t('visits.record')}
            </Button>
          )}
          <ExportButton table="serviceVisits" where={where} orderBy={ORDER} />
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
        <Table<Visit>
          rowKey="id"
          size="middle"
          loading={fetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 760 }}
          data-testid="visits-table"
          locale={{
            emptyText: (
              <EmptyState
                title={filter === 'pending' ? t('visits.emptyPending') : t('visits.emptyTitle')}
                text={t('visits.emptyText')}
              />
            ),
          }}
          columns={[
            { key: 'at', title: t('visits.col.at'), width: 110, render: (_, v) => dayjs(v.visitedAt).format('YYYY-MM-DD') },
            {
              key: 'who',
              title: frontline ? t('visits.col.department') : t('visits.col.unit'),
              width: 200,
              render: (_, v) => (
                <Flex vertical>
                  <span>{frontline ? v.department.name : v.unit.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {frontline ? v.staff.name : `${v.department.name} · ${v.staff.name}`}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'purpose',
              title: t('visits.col.purpose'),
              render: (_, v) => (
                <Flex vertical>
                  <span>{v.purpose}</span>
                  {v.notes && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.notes}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            { key: 'solved', title: t('visits.col.solved'), dataIndex: 'problemsSolved', width: 90, align: 'right' },
            {
              key: 'state',
              title: t('visits.col.state'),
              width: frontline ? 220 : 110,
              render: (_, v) => {
                const s = visitState(v);
                if (s === 'pending' && frontline) {
                  return (
                    <Space>
                      <Button
                        type="primary"
                        size="small"
                        icon={<CheckOutlined />}
                        loading={confirmRes.fetching}
                        onClick={() => void act(v.id, true)}
                        data-testid="visit-confirm"
                      >
                        {t('visits.confirm')}
                      </Button>
                      <Popconfirm
                        title={t('visits.disputeConfirm')}
                        okText={t('visits.dispute')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => act(v.id, false)}
                      >
                        <Button size="small" danger>
                          {t('visits.dispute')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  );
                }
                return (
                  <Tag color={s === 'confirmed' ? 'green' : s === 'disputed' ? 'red' : 'default'}>{t(`visits.state.${s}`)}</Tag>
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
      {recording && (
        <RecordVisitDialog
          onClose={(saved) => {
            setRecording(false);
            if (saved) refresh();
          }}
        />
      )}
    </Card>
  );
}

function RecordVisitDialog({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const depts = useDepartments();
  const [form] = Form.useForm<{ unit: string; visitedAt: Dayjs; purpose: string; problemsSolved: number; notes?: string }>();
  const [res, record] = useMutation(RecordVisitDocument);
  return (
    <Modal
      open
      title={t('visits.record')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visitedAt: dayjs(), problemsSolved: 0 }}
        onFinish={async (v) => {
          const r = await record({
            input: {
              unit: v.unit,
              visitedAt: v.visitedAt.toISOString(),
              purpose: v.purpose.trim(),
              problemsSolved: v.problemsSolved,
              notes: v.notes?.trim() || undefined,
            },
          });
          if (r.error) message.error(errorMessage(t, r.error));
          else {
            message.success(t('visits.recorded'));
            onClose(true);
          }
        }}
      >
        <Form.Item name="unit" label={t('visits.col.unit')} rules={[{ required: true, message: t('visits.unitRequired') }]}>
          <Select options={depts.frontline.map((d) => ({ value: d.id, label: d.name }))} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="visitedAt" label={t('visits.col.at')} rules={[{ required: true }]}>
          <DatePicker showTime disabledDate={(d) => d.isAfter(dayjs())} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="purpose" label={t('visits.col.purpose')} rules={[{ required: true, whitespace: true, message: t('visits.purposeRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="problemsSolved" label={t('visits.col.solved')}>
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Form.Item name="notes" label={t('visits.notes')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
