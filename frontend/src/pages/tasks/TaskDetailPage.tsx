import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Breadcrumb, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { TaskDetailDocument } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { useAuth } from '../../auth/store';
import { STATUS_COLORS } from './TaskTable';
import TaskActions from './TaskActions';
import TaskTimeline from './TaskTimeline';
import { workingDaysColor, workingDaysText } from './workdays';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/** 任务详情: facts, the first responder, the deadline in working days, the assignees and the timeline. */
export default function TaskDetailPage({ mode = 'tasks' }: { mode?: 'tasks' | 'requests' }) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const agency = viewer?.role !== 'FRONTLINE';
  const navigate = useNavigate();
  // After a transfer the task may leave the viewer's sight (it now belongs to the other department).
  const [transferred, setTransferred] = useState<{ to: string; reason: string } | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TaskDetailDocument,
    variables: { id, withHours: agency },
  });
  const listPath = mode === 'tasks' ? '/tasks' : '/requests';
  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { title: <Link to={listPath}>{mode === 'tasks' ? t('tasks.title') : t('requests.title')}</Link> },
        { title: t('task.detail') },
      ]}
    />
  );

  const gone = !data?.node || !!error;
  if (transferred && gone) {
    return (
      <Card>
        {crumbs}
        <Result
          status="success"
          title={t('task.transfer.resultTitle', { dept: transferred.to })}
          subTitle={
            <span data-testid="transfer-result">
              {t('task.reasonLabel')}
              {transferred.reason}
              <br />
              {t('task.transfer.resultText')}
            </span>
          }
          extra={
            <Button type="primary" onClick={() => navigate(listPath)}>
              {t('task.backToList')}
            </Button>
          }
        />
      </Card>
    );
  }

  if (!data) {
    return (
      <Card>
        {crumbs}
        {error ? (
          <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
        ) : (
          <Skeleton active paragraph={{ rows: 10 }} />
        )}
      </Card>
    );
  }
  const task = data.node && 'title' in data.node ? data.node : null;
  if (!task) {
    return (
      <Card>
        {crumbs}
        <ErrorState error={{ message: 'not found', extensions: { code: 'NOT_FOUND' } }} />
      </Card>
    );
  }
  const assignments = 'assignments' in task ? (task.assignments ?? []) : [];
  const totalHours = assignments.reduce((s, a) => s + a.hours, 0);
  const days = workingDaysText(t, task.workingDaysLeft);

  return (
    <Flex vertical gap={16}>
      <Card loading={false}>
        {crumbs}
        <Flex justify="space-between" align="flex-start" wrap gap={12}>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-title">
              {task.title}
            </Typography.Title>
            <Flex wrap gap={6} style={{ marginTop: 8 }}>
              <Tag color={STATUS_COLORS[task.status]} data-testid="task-status">
                {t(`taskStatus.${task.status}`)}
              </Tag>
              <Tag variant="filled">{t(`taskKind.${task.kind}`)}</Tag>
              <Tag>{t(`taskPriority.${task.priority}`)}</Tag>
              {task.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
              {days && (
                <Tag color={workingDaysColor(task.workingDaysLeft)} data-testid="task-days-left">
                  {days}
                </Tag>
              )}
            </Flex>
          </div>
          {agency && (
            <TaskActions
              task={{ id: task.id, status: task.status, leadDepartment: task.leadDepartment, assignments }}
              myStaffId={viewer?.staff?.id ?? null}
              onTransferred={(to, reason) => setTransferred({ to, reason })}
            />
          )}
        </Flex>
        {task.description && (
          <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>{task.description}</Typography.Paragraph>
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          style={{ marginTop: 12 }}
          items={[
            { key: 'lead', label: t('task.lead'), children: <span data-testid="task-lead">{task.leadDepartment.name}</span> },
            {
              key: 'co',
              label: t('task.co'),
              children: task.coDepartments?.length ? task.coDepartments.map((d) => d.name).join('、') : '—',
            },
            {
              key: 'fr',
              label: t('task.firstResponder'),
              children: task.firstResponder ? (
                <span data-testid="task-first-responder">
                  <UserOutlined /> {task.firstResponder.name}
                  {task.firstResponder.department ? ` · ${task.firstResponder.department.name}` : ''}
                </span>
              ) : (
                '—'
              ),
            },
            { key: 'start', label: t('task.startAt'), children: fmt(task.startAt) },
            {
              key: 'due',
              label: t('task.dueAt'),
              children: (
                <Typography.Text type={task.overdue ? 'danger' : undefined}>
                  {fmt(task.dueAt)}
                  {days ? ` (${days})` : ''}
                </Typography.Text>
              ),
            },
            { key: 'done', label: t('task.completedAt'), children: fmt(task.completedAt) },
            ...(task.requestingUnit ? [{ key: 'unit', label: t('task.requestingUnit'), children: task.requestingUnit.name }] : []),
            ...(task.responsibilityItem
              ? [{ key: 'item', label: t('task.item'), children: `${task.responsibilityItem.title}（${task.responsibilityItem.categoryPath}）` }]
              : []),
            ...(task.createdBy ? [{ key: 'by', label: t('task.createdBy'), children: task.createdBy.name }] : []),
            ...(task.costEstimate != null
              ? [{ key: 'cost', label: t('task.cost'), children: `${task.costEstimate}${task.costActual != null ? ` / ${task.costActual}` : ''}` }]
              : []),
            ...(task.cancelReason ? [{ key: 'cancel', label: t('task.cancelReason'), children: task.cancelReason }] : []),
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {agency && (
          <Col xs={24} lg={10}>
            <Card title={t('task.assignees', { hours: totalHours })} size="small">
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={assignments}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noAssignee')} /> }}
                columns={[
                  { key: 'name', title: t('task.staff'), render: (_, a) => `${a.staff.name}${a.staff.position ? ` · ${a.staff.position}` : ''}` },
                  { key: 'hours', title: t('task.plannedHours'), dataIndex: 'hours', width: 90, align: 'right' },
                  { key: 'actual', title: t('task.actualHours'), dataIndex: 'actualHours', width: 90, align: 'right' },
                ]}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} lg={agency ? 14 : 24}>
          <Card title={t('task.timeline')} size="small" loading={fetching && !data}>
            {task.timeline.length ? <TaskTimeline events={task.timeline} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
