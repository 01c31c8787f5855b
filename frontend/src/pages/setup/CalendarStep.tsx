import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, Flex, Table, Tag, Typography } from 'antd';
import { CalendarOutlined, CheckCircleFilled, ImportOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { ImportWorkCalendarDocument } from '../../graphql/graphql';
import { errorMessage } from '../../api/errors';
import CalendarEditor from '../admin/CalendarEditor';
import { bundledYear, toCsv } from './holidays';
import type { SetupStatus } from './status';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

/** Step 3: the working-day calendar of this year and the next: the bundled arrangement, an import, or by hand. */
export default function CalendarStep({
  status,
  year,
  onSaved,
  onNext,
}: {
  status: SetupStatus;
  year: number;
  onSaved: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('setup.calendar.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('setup.calendar.hint')}</Typography.Paragraph>
      <Flex vertical gap={12}>
        {[year, year + 1].map((y) => (
          <YearCard key={y} year={y} stored={status.calendarYears.includes(y)} onSaved={onSaved} />
        ))}
      </Flex>
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        <Button type="primary" onClick={onNext} data-testid="setup-next">
          {t('setup.next')}
        </Button>
        <Button icon={<CalendarOutlined />} onClick={() => setEditing((e) => !e)} data-testid="setup-calendar-edit">
          {editing ? t('setup.calendar.hideEditor') : t('setup.calendar.edit')}
        </Button>
      </Flex>
      {editing && (
        <Card size="small" style={{ marginTop: 16 }}>
          <CalendarEditor />
        </Card>
      )}
    </>
  );
}

function YearCard({ year, stored, onSaved }: { year: number; stored: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const days = bundledYear(year);
  const [res, importCsv] = useMutation(ImportWorkCalendarDocument);
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.length - holidays;

  const apply = () =>
    modal.confirm({
      title: t('setup.calendar.applyTitle', { year }),
      content: t(stored ? 'setup.calendar.applyReplace' : 'setup.calendar.applyText', { year, holidays, workdays }),
      okText: t('setup.calendar.apply'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const r = await importCsv({ csv: toCsv(days) });
        if (r.error || !r.data) {
          message.error(errorMessage(t, r.error));
          return;
        }
        const x = r.data.importWorkCalendar;
        message.success(t('setup.calendar.applied', { year, inserted: x.inserted, updated: x.updated, unchanged: x.unchanged }));
        onSaved();
      },
    });

  return (
    <Card size="small" data-testid={`setup-calendar-${year}`}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong>{t('setup.calendar.year', { year })}</Typography.Text>
          {stored ? (
            <Tag icon={<CheckCircleFilled />} color="success" data-testid="setup-calendar-stored">
              {t('setup.calendar.stored')}
            </Tag>
          ) : (
            <Tag color="warning">{t('setup.calendar.missing')}</Tag>
          )}
          {days.length > 0 && (
            <Typography.Text type="secondary">{t('setup.calendar.bundled', { holidays, workdays })}</Typography.Text>
          )}
        </Flex>
        <Flex gap={8} wrap>
          {days.length > 0 && (
            <Button type={stored ? 'default' : 'primary'} loading={res.fetching} onClick={apply} data-testid={`setup-calendar-apply-${year}`}>
              {t('setup.calendar.apply')}
            </Button>
          )}
          <Button icon={<ImportOutlined />} onClick={() => navigate('/imports?kind=WORK_CALENDAR')} data-testid={`setup-calendar-import-${year}`}>
            {t('setup.calendar.import')}
          </Button>
        </Flex>
      </Flex>
      {days.length === 0 && !stored && (
        <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('setup.calendar.notBundled', { year })} />
      )}
      {days.length > 0 && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 4 }}
          items={[
            {
              key: 'days',
              label: t('setup.calendar.show', { count: days.length }),
              children: (
                <Table
                  size="small"
                  rowKey="date"
                  pagination={false}
                  scroll={{ y: 280 }}
                  dataSource={days}
                  columns={[
                    { title: t('setup.calendar.date'), dataIndex: 'date', width: 130 },
                    {
                      title: t('setup.calendar.kind'),
                      dataIndex: 'kind',
                      width: 120,
                      render: (k: string) =>
                        k === 'holiday' ? <Tag color="red">{t('calendar.holiday')}</Tag> : <Tag color="blue">{t('calendar.workday')}</Tag>,
                    },
                    { title: t('setup.calendar.note'), dataIndex: 'note' },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
