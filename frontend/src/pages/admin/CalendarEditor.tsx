import { useState } from 'react';
import { Alert, App, Badge, Button, Calendar, Flex, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  ImportWorkCalendarDocument,
  SetWorkDaysDocument,
  WorkCalendarRangeDocument,
  type WorkDayKind,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { errorMessage } from '../../api/errors';

/** Is the date a working day on the agency calendar (weekends rest unless marked 调休)? */
export function isWorkingDay(date: Dayjs, override?: 'HOLIDAY' | 'WORKDAY'): boolean {
  if (override === 'HOLIDAY') return false;
  if (override === 'WORKDAY') return true;
  const d = date.day();
  return d !== 0 && d !== 6;
}

/** 工作日历: holidays (节假日) and make-up working days (调休) per date; deadlines count on it. */
export default function CalendarEditor() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(8, 'day').format('YYYY-MM-DD');
  const [{ data, error }, reexecute] = useQuery({ query: WorkCalendarRangeDocument, variables: { from, to } });
  const [editing, setEditing] = useState<Dayjs | null>(null);
  const [importing, setImporting] = useState(false);
  const [setRes, setDays] = useMutation(SetWorkDaysDocument);
  const [importRes, importCsv] = useMutation(ImportWorkCalendarDocument);
  const [form] = Form.useForm<{ kind: WorkDayKind; note: string }>();
  const [csv, setCsv] = useState('');
  const overrides = new Map((data?.workCalendar.edges ?? []).flatMap((e) => (e?.node ? [[e.node.day, e.node] as const] : [])));
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  if (error) return <ErrorState error={error} onRetry={refresh} />;

  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 8 }}>
        <Space size={16} wrap>
          <Badge color="red" text={t('calendar.holiday')} />
          <Badge color="blue" text={t('calendar.workday')} />
          <Typography.Text type="secondary">{t('calendar.hint')}</Typography.Text>
        </Space>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
          {t('calendar.import')}
        </Button>
      </Flex>
      <Calendar
        value={month}
        onPanelChange={(d) => setMonth(d.startOf('month'))}
        onSelect={(d, info) => {
          if (info.source !== 'date') {
            setMonth(d.startOf('month'));
            return;
          }
          const o = overrides.get(d.format('YYYY-MM-DD'));
          form.setFieldsValue({ kind: o?.kind ?? 'NORMAL', note: o?.note ?? '' });
          setEditing(d);
        }}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const o = overrides.get(d.format('YYYY-MM-DD'));
          const working = isWorkingDay(d, o?.kind);
          return (
            <div data-day={d.format('YYYY-MM-DD')}>
              {o ? (
                <Badge color={o.kind === 'HOLIDAY' ? 'red' : 'blue'} text={o.note || t(o.kind === 'HOLIDAY' ? 'calendar.holiday' : 'calendar.workday')} />
              ) : !working ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('calendar.rest')}
                </Typography.Text>
              ) : null}
            </div>
          );
        }}
      />
      {editing && (
        <Modal
          open
          title={t('calendar.editTitle', { date: editing.format('YYYY-MM-DD') })}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          confirmLoading={setRes.fetching}
          onCancel={() => setEditing(null)}
          onOk={() => form.submit()}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={async (v) => {
              const r = await setDays({ days: [{ date: editing.format('YYYY-MM-DD'), kind: v.kind, note: v.note?.trim() || undefined }] });
              if (r.error) message.error(errorMessage(t, r.error));
              else {
                message.success(t('calendar.saved'));
                setEditing(null);
                refresh();
              }
            }}
          >
            <Form.Item name="kind" label={t('calendar.kind')}>
              <Radio.Group
                options={[
                  { value: 'NORMAL', label: t('calendar.normal') },
                  { value: 'HOLIDAY', label: t('calendar.holiday') },
                  { value: 'WORKDAY', label: t('calendar.workday') },
                ]}
              />
            </Form.Item>
            <Form.Item name="note" label={t('calendar.note')}>
              <Input maxLength={60} placeholder={t('calendar.notePlaceholder')} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {importing && (
        <Modal
          open
          width={640}
          title={t('calendar.import')}
          okText={t('calendar.importSubmit')}
          cancelText={t('common.cancel')}
          confirmLoading={importRes.fetching}
          onCancel={() => setImporting(false)}
          onOk={async () => {
            const r = await importCsv({ csv });
            if (r.error || !r.data) message.error(errorMessage(t, r.error));
            else {
              const x = r.data.importWorkCalendar;
              message.success(t('calendar.imported', { inserted: x.inserted, updated: x.updated, unchanged: x.unchanged }));
              setImporting(false);
              setCsv('');
              refresh();
            }
          }}
        >
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('calendar.importHint')} />
          <Input.TextArea rows={10} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={t('calendar.csvPlaceholder')} />
        </Modal>
      )}
    </>
  );
}
