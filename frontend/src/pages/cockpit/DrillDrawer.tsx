import { useNavigate } from 'react-router-dom';
import { Breadcrumb, Drawer, Flex, Progress, Rate, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  DrillDepartmentDocument,
  DrillPingPongDocument,
  DrillRatingsDocument,
  DrillStaffDocument,
  type CockpitChartsQuery,
  type StaffWorkloadFieldsFragment,
  type WindowInput,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import { useDepartments } from '../../hooks/org';
import { pct, type DrillLevel } from './window';

interface Props {
  levels: DrillLevel[];
  window: WindowInput;
  scope: string | null;
  charts: CockpitChartsQuery | undefined;
  onPush: (l: DrillLevel) => void;
  onBack: (n: number) => void;
  onClose: () => void;
}

/** The drill-down: department → staff → tasks → (task page with its timeline). */
export default function DrillDrawer({ levels, window, scope, charts, onPush, onBack, onClose }: Props) {
  const { t } = useTranslation();
  const depts = useDepartments();
  const top = levels[levels.length - 1];
  const title = (l: DrillLevel) => {
    switch (l.kind) {
      case 'dept':
        return depts.byId.get(l.id)?.name ?? t('cockpit.drill.dept');
      case 'staff':
        return t('cockpit.drill.staff');
      case 'ratings':
        return `${depts.byId.get(l.id)?.name ?? ''} ${t('cockpit.drill.ratings')}`;
      case 'flag':
        return t(`cockpit.drill.flag.${l.id}`);
      case 'util':
        return t('cockpit.drill.util', { range: l.id.replace('-', '–') });
      case 'pingpong':
        return l.id === 'all' ? t('cockpit.drill.pingpong') : `${depts.byId.get(l.id)?.name ?? ''} ${t('cockpit.drill.pingpong')}`;
      case 'ontime':
        return t('cockpit.drill.ontime');
      case 'visits':
        return t('cockpit.drill.visits');
    }
  };
  return (
    <Drawer
      open={!!top}
      onClose={onClose}
      size={760}
      title={
        <Breadcrumb
          items={levels.map((l, i) => ({
            title:
              i < levels.length - 1 ? (
                <Typography.Link onClick={() => onBack(i + 1)}>{title(l)}</Typography.Link>
              ) : (
                <span data-testid="drill-title">{title(l)}</span>
              ),
          }))}
        />
      }
      destroyOnHidden
      data-testid="drill-drawer"
    >
      {top && <Level level={top} window={window} scope={scope} charts={charts} onPush={onPush} />}
    </Drawer>
  );
}

function Level({
  level,
  window,
  scope,
  charts,
  onPush,
}: {
  level: DrillLevel;
  window: WindowInput;
  scope: string | null;
  charts: CockpitChartsQuery | undefined;
  onPush: (l: DrillLevel) => void;
}) {
  const { t } = useTranslation();
  switch (level.kind) {
    case 'dept':
      return <DeptStaff dept={level.id} window={window} onPush={onPush} />;
    case 'staff':
      return <StaffTasks staff={level.id} window={window} />;
    case 'ratings':
      return <Ratings dept={level.id} window={window} />;
    case 'pingpong':
      return <PingPong window={window} scope={level.id === 'all' ? scope : level.id} />;
    case 'flag': {
      if (!charts) return <Skeleton active />;
      const rows =
        level.id === 'OVERLOADED' ? charts.imbalance.overloaded : level.id === 'IDLE' ? charts.imbalance.idle : charts.workload.staff;
      return <StaffTable rows={rows} onPush={onPush} />;
    }
    case 'util': {
      if (!charts) return <Skeleton active />;
      const [lo, hi] = level.id.split('-').map((x) => Number(x) / 100);
      const rows = charts.workload.staff.filter(
        (s) => s.utilization != null && s.utilization >= lo - 1e-9 && (hi >= 2.05 || lo >= 2 || s.utilization < hi - 1e-9),
      );
      return <StaffTable rows={rows} onPush={onPush} />;
    }
    case 'ontime':
      if (!charts) return <Skeleton active />;
      return (
        <Table
          rowKey={(r) => r.department.id}
          size="small"
          pagination={false}
          dataSource={[...charts.onTime.departments].sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1))}
          columns={[
            { key: 'd', title: t('task.lead'), render: (_, r) => r.department.name },
            { key: 'c', title: t('cockpit.completed'), dataIndex: 'completed', align: 'right' },
            { key: 'o', title: t('cockpit.onTimeCount'), dataIndex: 'onTime', align: 'right' },
            { key: 'r', title: t('cockpit.card.onTime'), render: (_, r) => pct(r.rate), align: 'right' },
            {
              key: 'x',
              title: t('cockpit.card.overdue'),
              align: 'right',
              render: (_, r) => <OverdueLink dept={r.department.id} count={r.overdue} />,
            },
          ]}
        />
      );
    case 'visits':
      if (!charts) return <Skeleton active />;
      return (
        <Table
          rowKey={(r) => r.department.id}
          size="small"
          pagination={false}
          dataSource={[...charts.visits.departments].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0))}
          columns={[
            { key: 'd', title: t('visits.col.department'), render: (_, r) => r.department.name },
            { key: 'done', title: t('cockpit.visitsDone'), dataIndex: 'done', align: 'right' },
            { key: 'q', title: t('cockpit.visitsQuota'), render: (_, r) => r.quota.toFixed(1), align: 'right' },
            { key: 'r', title: t('cockpit.rate'), render: (_, r) => <Progress percent={Math.round((r.rate ?? 0) * 100)} size="small" />, width: 180 },
          ]}
        />
      );
  }
}

function OverdueLink({ dept, count }: { dept: string; count: number }) {
  const navigate = useNavigate();
  if (!count) return <>0</>;
  return <Typography.Link onClick={() => navigate(`/tasks?overdue=1&dept=${dept}`)}>{count}</Typography.Link>;
}

function StaffTable({ rows, onPush }: { rows: StaffWorkloadFieldsFragment[]; onPush: (l: DrillLevel) => void }) {
  const { t } = useTranslation();
  return (
    <Table<StaffWorkloadFieldsFragment>
      rowKey={(r) => r.staff.id}
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={[...rows].sort((a, b) => (b.utilization ?? 0) - (a.utilization ?? 0))}
      onRow={(r) => ({ onClick: () => onPush({ kind: 'staff', id: r.staff.id }), style: { cursor: 'pointer' } })}
      locale={{ emptyText: <EmptyState title={t('cockpit.noData')} /> }}
      data-testid="drill-staff"
      columns={[
        {
          key: 'n',
          title: t('task.staff'),
          render: (_, r) => (
            <Flex vertical>
              <Typography.Link className="drill-staff-name">{r.staff.name}</Typography.Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.department.name}
                {r.staff.position ? ` · ${r.staff.position}` : ''}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'l', title: t('cockpit.load'), align: 'right', render: (_, r) => `${r.load.toFixed(0)} / ${r.capacity.toFixed(0)} h` },
        {
          key: 'u',
          title: t('cockpit.utilization'),
          width: 200,
          render: (_, r) => (
            <Progress
              percent={Math.round((r.utilization ?? 0) * 100)}
              size="small"
              status={r.flag === 'OVERLOADED' ? 'exception' : 'normal'}
              strokeColor={r.flag === 'IDLE' ? '#d4a017' : undefined}
              format={(p) => `${p}%`}
            />
          ),
        },
        { key: 'f', title: '', width: 80, render: (_, r) => (r.flag ? <Tag color={r.flag === 'OVERLOADED' ? 'red' : 'gold'}>{t(`workloadFlag.${r.flag}`)}</Tag> : null) },
      ]}
    />
  );
}

function DeptStaff({ dept, window, onPush }: { dept: string; window: WindowInput; onPush: (l: DrillLevel) => void }) {
  const [{ data, error }, re] = useQuery({ query: DrillDepartmentDocument, variables: { window, scope: dept } });
  if (error) return <ErrorState error={error} onRetry={() => re({ requestPolicy: 'network-only' })} />;
  if (!data) return <Skeleton active />;
  return <StaffTable rows={data.workload.staff} onPush={onPush} />;
}

function StaffTasks({ staff, window }: { staff: string; window: WindowInput }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data, error }, re] = useQuery({ query: DrillStaffDocument, variables: { staff, window } });
  if (error) return <ErrorState error={error} onRetry={() => re({ requestPolicy: 'network-only' })} />;
  if (!data) return <Skeleton active />;
  const s = data.staffLoad;
  return (
    <>
      <Flex gap={24} wrap style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="drill-staff-title">
            {s.staff.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {s.department.name}
            {s.staff.position ? ` · ${s.staff.position}` : ''}
          </Typography.Text>
        </div>
        <div>
          <Typography.Text type="secondary">{t('cockpit.load')}</Typography.Text>
          <div style={{ fontSize: 20, fontWeight: 600 }}>
            {s.load.toFixed(0)} / {s.capacity.toFixed(0)} h
          </div>
        </div>
        <div>
          <Typography.Text type="secondary">{t('cockpit.utilization')}</Typography.Text>
          <div style={{ fontSize: 20, fontWeight: 600, color: s.flag === 'OVERLOADED' ? '#c0392b' : undefined }}>
            {pct(s.utilization, 0)} {s.flag && <Tag color={s.flag === 'OVERLOADED' ? 'red' : 'gold'}>{t(`workloadFlag.${s.flag}`)}</Tag>}
          </div>
        </div>
      </Flex>
      <Table
        rowKey="taskId"
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={s.tasks}
        data-testid="drill-tasks"
        onRow={(r) => ({ onClick: () => r.task && navigate(`/tasks/${r.task.id}`), style: { cursor: r.task ? 'pointer' : undefined } })}
        columns={[
          {
            key: 'title',
            title: t('tasks.col.title'),
            render: (_, r) =>
              r.task ? <Typography.Link className="drill-task">{r.task.title}</Typography.Link> : <Typography.Text type="secondary">{t('cockpit.hiddenTask')}</Typography.Text>,
          },
          { key: 'kind', title: t('tasks.col.kind'), width: 90, render: (_, r) => t(`taskKind.${r.kind}`) },
          { key: 'status', title: t('tasks.col.status'), width: 90, render: (_, r) => (r.task ? t(`taskStatus.${r.task.status}`) : '—') },
          { key: 'h', title: t('task.plannedHours'), dataIndex: 'hours', width: 80, align: 'right' },
          { key: 's', title: t('cockpit.spreadHours'), width: 100, align: 'right', render: (_, r) => r.spreadHours.toFixed(1) },
        ]}
      />
    </>
  );
}

function PingPong({ window, scope }: { window: WindowInput; scope: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ data, error }, re] = useQuery({ query: DrillPingPongDocument, variables: { window, scope } });
  if (error) return <ErrorState error={error} onRetry={() => re({ requestPolicy: 'network-only' })} />;
  if (!data) return <Skeleton active />;
  if (!data.pingPongTasks.length) return <EmptyState title={t('cockpit.noPingPong')} />;
  return (
    <Flex vertical gap={12}>
      {data.pingPongTasks.map((p) => (
        <div key={p.taskId} style={{ borderBottom: '1px solid #eef1f5', paddingBottom: 10 }}>
          <Flex justify="space-between" gap={8}>
            {p.task ? (
              <Typography.Link strong onClick={() => navigate(`/tasks/${p.task!.id}`)}>
                {p.task.title}
              </Typography.Link>
            ) : (
              <Typography.Text type="secondary">{t('cockpit.hiddenTask')}</Typography.Text>
            )}
            <Tag color="red">{t('cockpit.pingPongs', { count: p.pingPongs })}</Tag>
          </Flex>
          <Flex wrap gap={4} style={{ marginTop: 4, fontSize: 13 }}>
            {p.transfers.map((s, i) => (
              <Tag key={i} color={s.pingPong ? 'red' : s.late ? 'orange' : undefined} title={s.reason}>
                {dayjs(s.at).format('MM-DD')} {s.from?.name ?? '—'} → {s.to?.name ?? '—'}
              </Tag>
            ))}
          </Flex>
        </div>
      ))}
    </Flex>
  );
}

function Ratings({ dept, window }: { dept: string; window: WindowInput }) {
  const { t } = useTranslation();
  const [{ data, error }, re] = useQuery({ query: DrillRatingsDocument, variables: { department: dept, window } });
  if (error) return <ErrorState error={error} onRetry={() => re({ requestPolicy: 'network-only' })} />;
  if (!data) return <Skeleton active />;
  const rows = (data.departmentRatings.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={rows}
      locale={{ emptyText: <EmptyState title={t('cockpit.noData')} /> }}
      columns={[
        { key: 'at', title: t('rect.ratedAt'), width: 100, render: (_, r) => dayjs(r.createdAt).format('YYYY-MM-DD') },
        { key: 's', title: t('rate.score'), width: 150, render: (_, r) => <Rate disabled value={r.score} style={{ fontSize: 13 }} /> },
        { key: 'u', title: t('rect.raterUnit'), width: 110, render: (_, r) => r.raterUnit.name },
        { key: 'c', title: t('rate.comment'), render: (_, r) => r.comment || '—' },
        { key: 'r', title: t('myRatings.rectification'), width: 90, render: (_, r) => (r.rectification ? t(`rectStatus.${r.rectification.status}`) : '') },
      ]}
    />
  );
}
