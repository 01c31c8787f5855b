import { App, Col, DatePicker, Form, Input, Modal, Radio, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { RecordStaffLeaveDocument, UpdateStaffLeaveDocument, type LeaveRowFragment, type StaffLeaveKind } from '../../../graphql/graphql';
import { PersonPicker, useOpenDepartments } from './pickers';
import { daysInclusive } from './logic';
import { showServerError } from './formErrors';
import peopleTexts from '../../../locales/features/people.json';
import { addTexts } from '../../../locales/texts';

addTexts(peopleTexts);

interface Values {
  staff: string;
  kind: StaffLeaveKind;
  firstDay: Dayjs;
  lastDay: Dayjs;
  note?: string;
}

export const LEAVE_FIELDS = ['staff', 'kind', 'firstDay', 'lastDay', 'note'];
export const MAX_LEAVE_DAYS = 366;

/** 登记 / 修改请假出差: whole days, first to last inclusive. */
export default function LeaveForm({ leave, onClose }: { leave: LeaveRowFragment | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const depts = useOpenDepartments();
  const [recordRes, record] = useMutation(RecordStaffLeaveDocument);
  const [updateRes, update] = useMutation(UpdateStaffLeaveDocument);
  const first = Form.useWatch('firstDay', form);
  const last = Form.useWatch('lastDay', form);
  const days = first && last && !last.isBefore(first, 'day') ? daysInclusive(first.format('YYYY-MM-DD'), last.format('YYYY-MM-DD')) : null;
  const onFinish = async (v: Values) => {
    const firstDay = v.firstDay.format('YYYY-MM-DD');
    const lastDay = v.lastDay.format('YYYY-MM-DD');
    const note = v.note?.trim() ?? '';
    const r = leave
      ? await update({ id: leave.id, input: { kind: v.kind, firstDay, lastDay, note } })
      : await record({ input: { staff: v.staff, kind: v.kind, firstDay, lastDay, note } });
    if (r.error) {
      showServerError(form, r.error, LEAVE_FIELDS, t, (text) => message.error(text));
      return;
    }
    message.success(t('people.leave.saved'));
    onClose(true);
  };
  return (
    <Modal
      open
      title={leave ? t('people.leave.editTitle', { name: leave.staff.name }) : t('people.leave.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={recordRes.fetching || updateRes.fetching}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="leave-form"
        initialValues={
          leave
            ? { staff: leave.staff.id, kind: leave.kind, firstDay: dayjs(leave.firstDay), lastDay: dayjs(leave.lastDay), note: leave.note }
            : { kind: 'LEAVE' }
        }
        onFinish={onFinish}
      >
        <Form.Item name="staff" label={t('people.leave.person')} rules={[{ required: true, message: t('people.leave.personRequired') }]}>
          <PersonPicker
            initialLabel={leave ? `${leave.staff.name}（${leave.staff.employeeNo}）` : null}
            testId="leave-person"
            activeOnly={!leave}
            departments={depts.scope}
            disabled={!!leave}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('people.leave.kind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'LEAVE', label: t('people.leave.LEAVE') },
              { value: 'TRIP', label: t('people.leave.TRIP') },
            ]}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="firstDay" label={t('people.leave.firstDay')} rules={[{ required: true, message: t('people.leave.firstDayRequired') }]}>
              <DatePicker style={{ width: '100%' }} data-testid="leave-first" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="lastDay"
              label={t('people.leave.lastDay')}
              dependencies={['firstDay']}
              rules={[
                { required: true, message: t('people.leave.lastDayRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null) => {
                    const f = getFieldValue('firstDay') as Dayjs | null;
                    if (!v || !f) return Promise.resolve();
                    if (v.isBefore(f, 'day')) return Promise.reject(new Error(t('people.common.lastBeforeFirst')));
                    if (daysInclusive(f.format('YYYY-MM-DD'), v.format('YYYY-MM-DD')) > MAX_LEAVE_DAYS)
                      return Promise.reject(new Error(t('people.leave.tooLong', { days: MAX_LEAVE_DAYS })));
                    return Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} data-testid="leave-last" />
            </Form.Item>
          </Col>
        </Row>
        {days != null && (
          <Typography.Paragraph type="secondary" data-testid="leave-days">
            {t('people.leave.daysCount', { count: days })}
          </Typography.Paragraph>
        )}
        <Form.Item name="note" label={t('people.leave.note')}>
          <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('people.leave.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
