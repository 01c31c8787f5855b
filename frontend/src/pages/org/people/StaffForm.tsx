import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { CreateStaffMemberDocument, UpdateStaffMemberDocument, type StaffRowFragment } from '../../../graphql/graphql';
import { DeptPicker, PersonPicker } from './pickers';
import { createStaffInput, lastDayBefore, shanghaiDay, updateStaffInput, type StaffFormValues } from './logic';
import { showServerError } from './formErrors';
import peopleTexts from '../../../locales/features/people.json';
import { addTexts } from '../../../locales/texts';

addTexts(peopleTexts);

interface Values {
  name: string;
  employeeNo: string;
  department: string;
  position?: string;
  rank?: string;
  weeklyCapacityHours?: number | null;
  mentor?: string | null;
  secondment?: { servingDepartment?: string | null; firstDay?: Dayjs | null; lastDay?: Dayjs | null };
  active: boolean;
}

export const STAFF_FIELDS = [
  'name',
  'employeeNo',
  'department',
  'position',
  'rank',
  'weeklyCapacityHours',
  'mentor',
  'secondment.servingDepartment',
  'secondment.firstDay',
  'secondment.lastDay',
  'active',
];

function initialValues(s: StaffRowFragment | null): Partial<Values> {
  if (!s) return { active: true, weeklyCapacityHours: 40 };
  const first = shanghaiDay(s.secondmentFrom);
  const last = lastDayBefore(s.secondmentTo);
  return {
    name: s.name,
    employeeNo: s.employeeNo,
    department: s.department.id,
    position: s.position,
    rank: s.rank,
    weeklyCapacityHours: s.weeklyCapacityHours,
    mentor: s.mentor?.id ?? null,
    secondment: {
      servingDepartment: s.secondedTo?.id ?? null,
      firstDay: first ? dayjs(first) : null,
      lastDay: last ? dayjs(last) : null,
    },
    active: s.active,
  };
}

/** 新增 / 编辑干部: one staff member, with their mentor (导师) and secondment (借调). */
export default function StaffForm({ staff, onClose }: { staff: StaffRowFragment | null; onClose: (saved: StaffRowFragment | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [createRes, create] = useMutation(CreateStaffMemberDocument);
  const [updateRes, update] = useMutation(UpdateStaffMemberDocument);
  const department = Form.useWatch('department', form);
  const serving = Form.useWatch(['secondment', 'servingDepartment'], form);
  const onFinish = async (v: Values) => {
    const values: StaffFormValues = {
      name: v.name,
      employeeNo: v.employeeNo,
      department: v.department,
      position: v.position,
      rank: v.rank,
      weeklyCapacityHours: v.weeklyCapacityHours,
      mentor: v.mentor,
      servingDepartment: v.secondment?.servingDepartment,
      secondmentFirstDay: v.secondment?.firstDay?.format('YYYY-MM-DD') ?? null,
      secondmentLastDay: v.secondment?.lastDay?.format('YYYY-MM-DD') ?? null,
      active: v.active,
    };
    const r = staff
      ? await update({ id: staff.id, input: updateStaffInput(values, staff) })
      : await create({ input: createStaffInput(values) });
    if (r.error || !r.data) {
      showServerError(form, r.error, STAFF_FIELDS, t, (text) => message.error(text));
      return;
    }
    message.success(t('people.staff.saved'));
    onClose('createStaff' in r.data ? r.data.createStaff : r.data.updateStaff);
  };
  return (
    <Modal
      open
      width={720}
      title={staff ? t('people.staff.editTitle', { name: staff.name }) : t('people.staff.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={createRes.fetching || updateRes.fetching}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues(staff)} onFinish={onFinish} data-testid="staff-form">
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('people.staff.name')} rules={[{ required: true, whitespace: true, message: t('people.staff.nameRequired') }]}>
              <Input maxLength={60} data-testid="staff-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="employeeNo"
              label={t('people.staff.employeeNo')}
              rules={[
                { required: true, whitespace: true, message: t('people.staff.employeeNoRequired') },
                { pattern: /^\S+$/, message: t('people.staff.noSpaces') },
              ]}
            >
              <Input maxLength={40} data-testid="staff-employee-no" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="department" label={t('people.staff.department')} rules={[{ required: true, message: t('people.staff.departmentRequired') }]}>
              <DeptPicker allowClear={false} testId="staff-department" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="weeklyCapacityHours"
              label={t('people.staff.capacity')}
              extra={t('people.staff.capacityHint')}
              rules={[{ type: 'number', min: 0, max: 80, message: t('people.staff.capacityRange') }]}
            >
              <InputNumber min={0} max={80} step={1} style={{ width: '100%' }} suffix={t('common.hours')} data-testid="staff-capacity" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="position" label={t('people.staff.position')}>
              <Input maxLength={60} placeholder={t('people.staff.positionPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="rank" label={t('people.staff.rank')}>
              <Input maxLength={40} placeholder={t('people.staff.rankPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="mentor" label={t('people.staff.mentor')} extra={t('people.staff.mentorHint')}>
              <PersonPicker
                exclude={staff?.id}
                initialLabel={staff?.mentor ? `${staff.mentor.name}（${staff.mentor.employeeNo}）` : null}
                testId="staff-mentor"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="active" label={t('people.staff.active')} valuePropName="checked" extra={t('people.staff.activeHint')}>
              <Switch checkedChildren={t('people.staff.onDuty')} unCheckedChildren={t('people.staff.left')} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('people.staff.secondment')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('people.staff.secondmentHint')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name={['secondment', 'servingDepartment']}
              label={t('people.staff.servingDepartment')}
              dependencies={['department']}
              rules={[
                {
                  validator: (_, v) =>
                    v && v === department ? Promise.reject(new Error(t('people.staff.servingOwn'))) : Promise.resolve(),
                },
              ]}
            >
              <DeptPicker exclude={department} placeholder={t('people.staff.noSecondment')} testId="staff-serving" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item name={['secondment', 'firstDay']} label={t('people.staff.secondmentFrom')}>
              <DatePicker disabled={!serving} style={{ width: '100%' }} placeholder={t('people.staff.openEnded')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item
              name={['secondment', 'lastDay']}
              label={t('people.staff.secondmentTo')}
              dependencies={[['secondment', 'firstDay']]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null) => {
                    const first = getFieldValue(['secondment', 'firstDay']) as Dayjs | null;
                    return v && first && v.isBefore(first, 'day') ? Promise.reject(new Error(t('people.common.lastBeforeFirst'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker disabled={!serving} style={{ width: '100%' }} placeholder={t('people.staff.openEnded')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
