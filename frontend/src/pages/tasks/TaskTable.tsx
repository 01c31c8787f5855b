import { Empty, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { TaskPriority, TaskStatus, TasksQuery } from '../../graphql/graphql';

export type TaskRow = NonNullable<NonNullable<NonNullable<TasksQuery['tasks']['edges']>[number]>['node']>;

export const STATUS_COLORS: Record<TaskStatus, string> = {
  NEW: 'default',
  ACCEPTED: 'cyan',
  IN_PROGRESS: 'processing',
  DONE: 'success',
  CANCELLED: 'default',
};

const PRIORITY_COLORS: Record<TaskPriority, string | undefined> = {
  LOW: undefined,
  NORMAL: undefined,
  HIGH: 'orange',
  URGENT: 'red',
};

/** Overdue (逾期): not DONE/CANCELLED and the deadline has passed. */
export function isOverdue(task: Pick<TaskRow, 'status' | 'dueAt'>, now: number = Date.now()): boolean {
  if (task.status === 'DONE' || task.status === 'CANCELLED') return false;
  const due = Date.parse(task.dueAt);
  return !Number.isNaN(due) && due < now;
}

function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

interface Props {
  rows: TaskRow[];
  loading: boolean;
  empty: ReactNode;
  footer?: ReactNode;
  /** Frontline units do not see staff hours. */
  showHours?: boolean;
  onOpen?: (task: TaskRow) => void;
}

/** The task list: title, kind, priority, status, lead department, assignees with hours, deadline. */
export default function TaskTable({ rows, loading, empty, footer, showHours = true, onOpen }: Props) {
  const { t } = useTranslation();
  const now = Date.now();

  const columns: ColumnsType<TaskRow> = [
    {
      key: 'title',
      title: t('tasks.col.title'),
      dataIndex: 'title',
      ellipsis: { showTitle: false },
      render: (title: string, task) => (
        <Tooltip title={title} placement="topLeft">
          {onOpen ? (
            <Typography.Link
              strong={task.priority === 'URGENT'}
              className="task-title"
              onClick={(e) => {
                e.stopPropagation();
                onOpen(task);
              }}
            >
              {title}
            </Typography.Link>
          ) : (
            <Typography.Text strong={task.priority === 'URGENT'} className="task-title">
              {title}
            </Typography.Text>
          )}
        </Tooltip>
      ),
    },
    {
      key: 'kind',
      title: t('tasks.col.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (kind: TaskRow['kind']) => <Tag variant="filled">{t(`taskKind.${kind}`)}</Tag>,
    },
    {
      key: 'priority',
      title: t('tasks.col.priority'),
      dataIndex: 'priority',
      width: 88,
      render: (p: TaskPriority) =>
        PRIORITY_COLORS[p] ? (
          <Tag color={PRIORITY_COLORS[p]}>{t(`taskPriority.${p}`)}</Tag>
        ) : (
          <Typography.Text type="secondary">{t(`taskPriority.${p}`)}</Typography.Text>
        ),
    },
    {
      key: 'status',
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: TaskStatus) => (
        <Tag color={STATUS_COLORS[s]} data-status={s}>
          {t(`taskStatus.${s}`)}
        </Tag>
      ),
    },
    {
      key: 'leadDepartment',
      title: t('tasks.col.leadDepartment'),
      width: 170,
      render: (_, task) => (
        <Flex vertical>
          <span>{task.leadDepartment?.name}</span>
          {task.coDepartments && task.coDepartments.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              + {task.coDepartments.map((d) => d.name).join('、')}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'assignees',
      title: t('tasks.col.assignees'),
      width: 270,
      render: (_, task) => {
        const list = task.assignments ?? [];
        if (list.length === 0) return <Typography.Text type="secondary">{t('tasks.noAssignee')}</Typography.Text>;
        const shown = list.slice(0, 2);
        const rest = list.slice(2);
        return (
          <Flex wrap gap={4}>
            {shown.map((a) => (
              <Tag key={a.id} style={{ marginInlineEnd: 0 }}>
                {a.staff.name} {t('tasks.hoursUnit', { hours: formatHours(a.hours) })}
              </Tag>
            ))}
            {rest.length > 0 && (
              <Tooltip
                title={rest
                  .map((a) => `${a.staff.name} ${t('tasks.hoursUnit', { hours: formatHours(a.hours) })}`)
                  .join('，')}
              >
                <Tag style={{ marginInlineEnd: 0 }}>+{rest.length}</Tag>
              </Tooltip>
            )}
          </Flex>
        );
      },
    },
    {
      key: 'dueAt',
      title: t('tasks.col.dueAt'),
      dataIndex: 'dueAt',
      width: 175,
      render: (dueAt: string, task) => {
        const overdue = isOverdue(task, now);
        return (
          <Flex align="center" gap={6}>
            <Typography.Text type={overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
              {dayjs(dueAt).format('YYYY-MM-DD')}
            </Typography.Text>
            {overdue && (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {t('tasks.overdue')}
              </Tag>
            )}
          </Flex>
        );
      },
    },
  ];

  const shownColumns = showHours ? columns : columns.filter((c) => c.key !== 'assignees');
  return (
    <Table<TaskRow>
      rowKey="id"
      onRow={onOpen ? (task) => ({ onClick: () => onOpen(task), style: { cursor: 'pointer' } }) : undefined}
      size="middle"
      columns={shownColumns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 1110 }}
      locale={{ emptyText: empty ?? <Empty /> }}
      footer={footer ? () => footer : undefined}
    />
  );
}
