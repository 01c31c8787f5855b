import { useMemo, useState } from 'react';
import { App, Button, DatePicker, Flex, Popconfirm, Segmented, Skeleton, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { DeleteStaffLeaveDocument, LeaveListDocument, type LeaveRowFragment } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { DeptPicker, PersonPicker, useOpenDepartments } from './people/pickers';
import LeaveForm from './people/LeaveForm';
import { daysInclusive, leaveWhere } from './people/logic';
import peopleTexts from '../../locales/features/people.json';
import { addTexts } from '../../locales/texts';

addTexts(peopleTexts);

const PAGE = 20;

/** 请假出差: leave and business trips, filtered by person, department (subtree) and dates; record, change, delete. */
export default function LeaveTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const depts = useOpenDepartments();
  const [person, setPerson] = useState<string | undefined>();
  const [dept, setDept] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [kind, setKind] = useState<'ALL' | 'LEAVE' | 'TRIP'>('ALL');
  const [editing, setEditing] = useState<LeaveRowFragment | 'new' | null>(null);
  const [, remove] = useMutation(DeleteStaffLeaveDocument);
  const where = useMemo(
    () =>
      leaveWhere({
        staff: person,
        departments: dept ? depts.subtree(dept) : undefined,
        from: range?.[0]?.format('YYYY-MM-DD'),
        to: range?.[1]?.format('YYYY-MM-DD'),
        kind: kind === 'ALL' ? undefined : kind,
      }),
    [person, dept, range, kind, depts],
  );
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: LeaveListDocument,
    variables: { first: PAGE, after: paging.after, where },
    requestPolicy: 'cache-and-network',
  });
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const filtered = !!(person || dept || range || kind !== 'ALL');

  const toolbar = (
    <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
      <Flex gap={8} wrap>
        <PersonPicker value={person} onChange={setPerson} activeOnly={false} style={{ width: 220 }} placeholder={t('people.leave.filterPerson')} testId="leave-filter-person" departments={depts.scope} />
        <DeptPicker value={dept} onChange={setDept} placeholder={t('people.leave.filterDepartment')} style={{ width: 200 }} />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range}
          onChange={(v) => setRange(v && (v[0] || v[1]) ? [v[0], v[1]] : null)}
          placeholder={[t('people.leave.from'), t('people.leave.to')]}
        />
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          options={[
            { value: 'ALL', label: t('common.all') },
            { value: 'LEAVE', label: t('people.leave.LEAVE') },
            { value: 'TRIP', label: t('people.leave.TRIP') },
          ]}
        />
      </Flex>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="leave-create">
        {t('people.leave.create')}
      </Button>
    </Flex>
  );

  let body;
  if (!shown) body = error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active />;
  else {
    const conn = shown.staffLeaves;
    const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    body = (
      <Table<LeaveRowFragment>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="leave-table"
        locale={{
          emptyText: filtered ? (
            <EmptyState title={t('people.leave.noMatchTitle')} text={t('people.leave.noMatchText')} />
          ) : (
            <EmptyState title={t('people.leave.emptyTitle')} text={t('people.leave.emptyText')}>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('people.leave.create')}
              </Button>
            </EmptyState>
          ),
        }}
        columns={[
          {
            key: 'person',
            title: t('people.leave.person'),
            render: (_, l) => (
              <Flex vertical>
                <span>{l.staff.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.staff.employeeNo} · {l.staff.department.name}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'kind',
            title: t('people.leave.kind'),
            width: 90,
            render: (_, l) => <Tag color={l.kind === 'TRIP' ? 'blue' : 'orange'}>{t(`people.leave.${l.kind}`)}</Tag>,
          },
          { key: 'first', title: t('people.leave.firstDay'), width: 120, render: (_, l) => l.firstDay },
          { key: 'last', title: t('people.leave.lastDay'), width: 120, render: (_, l) => l.lastDay },
          {
            key: 'days',
            title: t('people.leave.days'),
            width: 80,
            align: 'right',
            render: (_, l) => daysInclusive(l.firstDay, l.lastDay),
          },
          { key: 'note', title: t('people.leave.note'), render: (_, l) => l.note || '—' },
          {
            key: 'actions',
            title: t('accounts.actions'),
            width: 170,
            fixed: 'right',
            render: (_, l) => (
              <Flex gap={6}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(l)} data-testid="leave-edit">
                  {t('people.common.edit')}
                </Button>
                <Popconfirm
                  title={t('people.leave.deleteTitle')}
                  description={t('people.leave.deleteText', { name: l.staff.name, first: l.firstDay, last: l.lastDay })}
                  okText={t('people.common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={async () => {
                    const r = await remove({ id: l.id });
                    if (r.error) message.error(errorMessage(t, r.error));
                    else {
                      message.success(t('people.leave.deleted'));
                      refresh();
                    }
                  }}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} data-testid="leave-delete">
                    {t('people.common.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
        footer={() => (
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
        )}
      />
    );
  }

  return (
    <div data-testid="leave-tab">
      <Typography.Paragraph type="secondary">{t('people.leave.intro')}</Typography.Paragraph>
      {toolbar}
      {body}
      {editing && (
        <LeaveForm
          leave={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) refresh();
          }}
        />
      )}
    </div>
  );
}
