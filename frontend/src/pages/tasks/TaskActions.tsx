import { useState } from 'react';
import { App, Button, Form, type FormInstance, Input, InputNumber, Modal, Select, Space, TreeSelect, Typography } from 'antd';
import {
  CheckOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  SwapOutlined,
  SyncOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  AcceptTaskDocument,
  AssignTaskDocument,
  CancelTaskDocument,
  LogHoursDocument,
  StaffSearchDocument,
  TransferTaskDocument,
  UpdateTaskStatusDocument,
  type TaskStatus,
} from '../../graphql/graphql';
import { errorMessage, toAppError } from '../../api/errors';
import { useDepartments } from '../../hooks/org';

/** The status changes updateTaskStatus allows (cancelling goes through cancelTask, with a reason). */
export const NEXT_STATUSES: Record<TaskStatus, TaskStatus[]> = {
  NEW: ['ACCEPTED'],
  ACCEPTED: ['IN_PROGRESS', 'DONE'],
  IN_PROGRESS: ['DONE'],
  DONE: [],
  CANCELLED: [],
};

export interface ActionTask {
  id: string;
  status: TaskStatus;
  leadDepartment: { id: string; name: string };
  assignments?: { staff: { id: string; name: string }; hours: number }[] | null;
}

type Dialog = 'assign' | 'transfer' | 'status' | 'hours' | 'cancel' | null;

/** The actions on a task that the viewer's role allows; the server has the last word (FORBIDDEN). */
export default function TaskActions({
  task,
  myStaffId,
  onTransferred,
}: {
  task: ActionTask;
  myStaffId: string | null;
  /** Called after a transfer: the task may now be out of the viewer's sight. */
  onTransferred?: (toDepartment: string, reason: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [acceptRes, accept] = useMutation(AcceptTaskDocument);
  const open = task.status !== 'DONE' && task.status !== 'CANCELLED';
  const mine = !!myStaffId && (task.assignments ?? []).some((a) => a.staff.id === myStaffId);

  const fail = (e: unknown) => message.error(errorMessage(t, e));

  return (
    <>
      <Space wrap data-testid="task-actions">
        {task.status === 'NEW' && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={acceptRes.fetching}
            data-testid="action-accept"
            onClick={async () => {
              const r = await accept({ id: task.id });
              if (r.error) fail(r.error);
              else message.success(t('task.accepted'));
            }}
          >
            {t('task.action.accept')}
          </Button>
        )}
        {open && (
          <Button icon={<UserAddOutlined />} onClick={() => setDialog('assign')} data-testid="action-assign">
            {t('task.action.assign')}
          </Button>
        )}
        {open && (
          <Button icon={<SwapOutlined />} onClick={() => setDialog('transfer')} data-testid="action-transfer">
            {t('task.action.transfer')}
          </Button>
        )}
        {NEXT_STATUSES[task.status].length > 0 && (
          <Button icon={<SyncOutlined />} onClick={() => setDialog('status')} data-testid="action-status">
            {t('task.action.status')}
          </Button>
        )}
        {mine && task.status !== 'CANCELLED' && (
          <Button icon={<ClockCircleOutlined />} onClick={() => setDialog('hours')} data-testid="action-hours">
            {t('task.action.logHours')}
          </Button>
        )}
        {open && (
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('cancel')} data-testid="action-cancel">
            {t('task.action.cancel')}
          </Button>
        )}
      </Space>
      {dialog === 'assign' && <AssignDialog task={task} onClose={() => setDialog(null)} />}
      {dialog === 'transfer' && <TransferDialog task={task} onClose={() => setDialog(null)} onTransferred={onTransferred} />}
      {dialog === 'status' && <StatusDialog task={task} onClose={() => setDialog(null)} />}
      {dialog === 'hours' && <HoursDialog task={task} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog task={task} onClose={() => setDialog(null)} />}
    </>
  );
}

interface DialogProps {
  task: ActionTask;
  onClose: () => void;
}

/** Shows a server error on the form field it names (BAD_USER_INPUT), else as a message. */
function useServerError() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return <T,>(form: FormInstance<T>, error: unknown, fields: Record<string, string>) => {
    const app = toAppError(error);
    const name = app.field ? fields[app.field] : undefined;
    if (app.code === 'BAD_USER_INPUT' && name) {
      form.setFields([{ name: name as never, errors: [errorMessage(t, error)] }]);
    } else {
      message.error(errorMessage(t, error));
    }
  };
}

function AssignDialog({ task, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ staff: string; hours: number }>();
  const [search, setSearch] = useState('');
  const [{ data, fetching }] = useQuery({
    query: StaffSearchDocument,
    variables: {
      where: search.trim()
        ? { active: true, nameContains: search.trim() }
        : { active: true, departmentID: task.leadDepartment.id },
      first: 50,
    },
  });
  const [res, assign] = useMutation(AssignTaskDocument);
  const showError = useServerError();
  const options = (data?.staffMembers.edges ?? []).flatMap((e) =>
    e?.node
      ? [{ value: e.node.id, label: `${e.node.name} · ${e.node.department.name}${e.node.position ? ` · ${e.node.position}` : ''}` }]
      : [],
  );
  return (
    <Modal
      open
      title={t('task.assign.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('task.assign.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await assign({ id: task.id, assignees: [{ staff: v.staff, hours: v.hours }] });
          if (r.error) return showError(form, r.error, { 'assignees.0.hours': 'hours', 'assignees.0.staff': 'staff', assignees: 'staff' });
          message.success(t('task.assign.done'));
          onClose();
        }}
      >
        <Form.Item name="staff" label={t('task.assign.staff')} rules={[{ required: true, message: t('task.assign.staffRequired') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setSearch}
            loading={fetching}
            options={options}
            placeholder={t('task.assign.staffPlaceholder', { dept: task.leadDepartment.name })}
            notFoundContent={fetching ? t('app.loading') : t('common.noMatch')}
          />
        </Form.Item>
        <Form.Item
          name="hours"
          label={t('task.assign.hours')}
          rules={[{ required: true, message: t('task.assign.hoursRequired') }]}
        >
          <InputNumber min={0.5} max={2000} step={0.5} style={{ width: 160 }} suffix={t('common.hours')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TransferDialog({
  task,
  onClose,
  onTransferred,
}: DialogProps & { onTransferred?: (toDepartment: string, reason: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toDepartment: string; reason: string }>();
  const depts = useDepartments();
  const [res, transfer] = useMutation(TransferTaskDocument);
  const showError = useServerError();
  const tree = depts.agencyTree;
  const disable = (nodes: typeof tree): typeof tree =>
    nodes.map((n) => ({ ...n, disabled: n.value === task.leadDepartment.id, children: n.children && disable(n.children) }));
  return (
    <Modal
      open
      title={t('task.transfer.title')}
      okText={t('task.transfer.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('task.transfer.hint', { dept: task.leadDepartment.name })}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await transfer({ id: task.id, toDepartment: v.toDepartment, reason: v.reason.trim() });
          if (r.error) return showError(form, r.error, { reason: 'reason', toDepartment: 'toDepartment' });
          message.success(t('task.transfer.done'));
          onClose();
          onTransferred?.(r.data?.transferTask.leadDepartment.name ?? '', v.reason.trim());
        }}
      >
        <Form.Item
          name="toDepartment"
          label={t('task.transfer.to')}
          rules={[{ required: true, message: t('task.transfer.toRequired') }]}
        >
          <TreeSelect
            showSearch
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            treeData={disable(tree)}
            placeholder={t('task.transfer.toPlaceholder')}
            data-testid="transfer-to"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('task.transfer.reason')}
          rules={[{ required: true, whitespace: true, message: t('task.transfer.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('task.transfer.reasonPlaceholder')} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusDialog({ task, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status: TaskStatus }>();
  const [res, update] = useMutation(UpdateTaskStatusDocument);
  const showError = useServerError();
  const next = NEXT_STATUSES[task.status];
  return (
    <Modal
      open
      title={t('task.status.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: next[0] }}
        onFinish={async (v) => {
          const r = await update({ id: task.id, status: v.status });
          if (r.error) return showError(form, r.error, { status: 'status' });
          message.success(t('task.status.done'));
          onClose();
        }}
      >
        <Form.Item name="status" label={t('task.status.to', { from: t(`taskStatus.${task.status}`) })} rules={[{ required: true }]}>
          <Select options={next.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HoursDialog({ task, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ hours: number }>();
  const [res, log] = useMutation(LogHoursDocument);
  const showError = useServerError();
  return (
    <Modal
      open
      title={t('task.hours.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await log({ id: task.id, hours: v.hours });
          if (r.error) return showError(form, r.error, { hours: 'hours' });
          message.success(t('task.hours.done'));
          onClose();
        }}
      >
        <Form.Item name="hours" label={t('task.hours.label')} rules={[{ required: true, message: t('task.assign.hoursRequired') }]}>
          <InputNumber min={0.25} max={200} step={0.5} style={{ width: 160 }} suffix={t('common.hours')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelDialog({ task, onClose }: DialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [res, cancel] = useMutation(CancelTaskDocument);
  const showError = useServerError();
  return (
    <Modal
      open
      title={t('task.cancel.title')}
      okText={t('task.cancel.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.back')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await cancel({ id: task.id, reason: v.reason.trim() });
          if (r.error) return showError(form, r.error, { reason: 'reason' });
          message.success(t('task.cancel.done'));
          onClose();
        }}
      >
        <Form.Item
          name="reason"
          label={t('task.cancel.reason')}
          rules={[{ required: true, whitespace: true, message: t('task.cancel.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
