import { Flex, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TaskDetailFieldsFragment, TaskEventType } from '../../graphql/graphql';

type Event = TaskDetailFieldsFragment['timeline'][number];

const COLORS: Record<TaskEventType, string> = {
  CREATED: 'blue',
  ASSIGNED: 'gray',
  ACCEPTED: 'green',
  TRANSFERRED: 'orange',
  STATUS_CHANGED: 'blue',
  COMMENTED: 'gray',
  DEADLINE_CHANGED: 'purple',
};

/** The task's history, oldest first: who did what, transfers with their reasons and flags. */
export default function TaskTimeline({ events }: { events: Event[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="task-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.type === 'TRANSFERRED' && (e.pingPong || e.late) ? 'red' : COLORS[e.type],
        content: (
          <Flex vertical gap={2} data-event={e.type}>
            <Flex wrap gap={6} align="center">
              <Typography.Text strong>{t(`eventType.${e.type}`)}</Typography.Text>
              {e.type === 'TRANSFERRED' && (
                <Typography.Text>
                  {e.fromDepartment?.name ?? '—'} → {e.toDepartment?.name ?? '—'}
                </Typography.Text>
              )}
              {e.type === 'STATUS_CHANGED' && e.fromStatus && e.toStatus && (
                <Typography.Text>
                  {t(`taskStatus.${e.fromStatus}`, { defaultValue: e.fromStatus })} →{' '}
                  {t(`taskStatus.${e.toStatus}`, { defaultValue: e.toStatus })}
                </Typography.Text>
              )}
              {e.pingPong && <Tag color="red">{t('task.pingPong')}</Tag>}
              {e.late && <Tag color="orange">{t('task.lateTransfer')}</Tag>}
            </Flex>
            {e.reason && (
              <Typography.Text type="secondary" className="event-reason">
                {t('task.reasonLabel')}
                {e.reason}
              </Typography.Text>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
              {e.actor ? ` · ${e.actor.name}` : ''}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
