import { useState } from 'react';
import { Alert, App, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Skeleton, TreeSelect, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  OrgDeptCloseDocument,
  OrgDeptClosePreviewDocument,
  OrgDeptCreateDocument,
  OrgDeptMergeDocument,
  OrgDeptMergePreviewDocument,
  OrgDeptMoveDocument,
  OrgDeptUpdateDocument,
  type DepartmentKind,
  type UpdateDepartmentInput,
} from '../../../graphql/graphql';
import { bilingual, errorMessage, toAppError } from '../../../api/errors';
import ErrorState from '../../../components/ErrorState';
import { formField, movingCounts, pickerTree, successorCandidates, type DeptChange, type DeptNode, type DeptRow } from './tree';
import deptTexts from '../../../locales/features/dept.json';
import { addTexts } from '../../../locales/texts';

addTexts(deptTexts);

/**
 * Shows the server's refusal on the form field it names (`extensions.field`), or as a message when it
 * names none of the form's fields. Returns the text shown.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function showError(form: FormInstance<any> | null, fields: readonly string[], error: unknown, t: TFunction, toast: (s: string) => void) {
  const text = errorMessage(t, error);
  const f = formField(toAppError(error).field);
  if (form && f && fields.includes(f)) form.setFields([{ name: f, errors: [text] }]);
  else toast(text);
  return text;
}

interface DeptFormValues {
  name: string;
  code: string;
  kind: DepartmentKind;
  parent: string;
  sortOrder: number;
  visitQuotaPerYear: number;
}

const FORM_FIELDS = ['name', 'code', 'kind', 'parent', 'sortOrder', 'visitQuotaPerYear'] as const;

/** 新设部门 (under `parent`) or 编辑 (`dept`): name, code, kind (new ones only), order and visit quota. */
export function DeptFormModal({
  dept,
  parent,
  roots,
  canCreateUnder,
  onClose,
}: {
  dept?: DeptRow;
  parent?: DeptRow;
  roots: readonly DeptNode[];
  canCreateUnder: (d: DeptRow) => boolean;
  onClose: (changed?: DeptRow) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeptFormValues>();
  const [created, create] = useMutation(OrgDeptCreateDocument);
  const [updated, update] = useMutation(OrgDeptUpdateDocument);
  const editing = !!dept;
  const initial: Partial<DeptFormValues> = dept
    ? { name: dept.name, code: dept.code, sortOrder: dept.sortOrder, visitQuotaPerYear: dept.visitQuotaPerYear }
    : { kind: parent && parent.parentID ? parent.kind : 'AGENCY', parent: parent?.id, sortOrder: 0, visitQuotaPerYear: 0 };

  const submit = async (v: DeptFormValues) => {
    if (dept) {
      const input: UpdateDepartmentInput = {};
      if (v.name.trim() !== dept.name) input.name = v.name.trim();
      if (v.code.trim() !== dept.code) input.code = v.code.trim();
      if (v.sortOrder !== dept.sortOrder) input.sortOrder = v.sortOrder;
      if (v.visitQuotaPerYear !== dept.visitQuotaPerYear) input.visitQuotaPerYear = v.visitQuotaPerYear;
      if (Object.keys(input).length === 0) return onClose();
      const r = await update({ id: dept.id, input });
      if (r.error || !r.data) return void showError(form, FORM_FIELDS, r.error, t, message.error);
      message.success(t('dept.saved'));
      return onClose(r.data.updateDepartment);
    }
    const r = await create({
      input: {
        name: v.name.trim(),
        code: v.code.trim(),
        kind: v.kind,
        parent: v.parent,
        sortOrder: v.sortOrder,
        visitQuotaPerYear: v.visitQuotaPerYear,
      },
    });
    if (r.error || !r.data) return void showError(form, FORM_FIELDS, r.error, t, message.error);
    message.success(t('dept.created', { name: r.data.createDepartment.name }));
    onClose(r.data.createDepartment);
  };

  return (
    <Modal
      open
      title={editing ? t('dept.editTitle', { name: dept.name }) : t('dept.createTitle')}
      okText={t('common.save')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={created.fetching || updated.fetching}
      okButtonProps={{ 'data-testid': 'dept-form-ok' }}
    >
      <Form<DeptFormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="dept-form">
        {!editing && (
          <Form.Item name="parent" label={t('dept.parent')} rules={[{ required: true, message: t('dept.parentRequired') }]}>
            <TreeSelect
              showSearch
              treeDefaultExpandAll
              treeNodeFilterProp="title"
              treeData={pickerTree(roots, canCreateUnder)}
              data-testid="dept-form-parent"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('dept.name')}
          rules={[
            { required: true, whitespace: true, message: t('dept.nameRequired') },
            { max: 100, message: t('dept.tooLong', { n: 100 }) },
          ]}
        >
          <Input autoComplete="off" data-testid="dept-form-name" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('dept.code')}
          extra={t('dept.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('dept.codeRequired') },
            { max: 40, message: t('dept.tooLong', { n: 40 }) },
            { pattern: /^\S+$/, message: t('dept.codeSpaces') },
          ]}
        >
          <Input autoComplete="off" data-testid="dept-form-code" />
        </Form.Item>
        {!editing && (
          <Form.Item name="kind" label={t('dept.kind')} extra={t('dept.kindHint')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'AGENCY', label: t('dept.kindAGENCY') },
                { value: 'FRONTLINE', label: t('dept.kindFRONTLINE') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label={t('dept.sortOrder')} extra={t('dept.sortOrderHint')} rules={[{ required: true }]}>
          <InputNumber min={-100000} max={100000} precision={0} style={{ width: 160 }} data-testid="dept-form-sort" />
        </Form.Item>
        <Form.Item name="visitQuotaPerYear" label={t('dept.visitQuota')} extra={t('dept.visitQuotaHint')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: 160 }} data-testid="dept-form-quota" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 移动: the department with its subtree under another parent; the server refuses a cycle (on `parent`). */
export function MoveModal({ dept, roots, onClose }: { dept: DeptRow; roots: readonly DeptNode[]; onClose: (changed?: DeptRow) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parent: string }>();
  const [res, move] = useMutation(OrgDeptMoveDocument);
  return (
    <Modal
      open
      title={t('dept.moveTitle', { name: dept.name })}
      okText={t('dept.moveOk')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={res.fetching}
      okButtonProps={{ 'data-testid': 'dept-move-ok' }}
    >
      <Typography.Paragraph type="secondary">{t('dept.moveHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (v.parent === dept.parentID) return onClose();
          const r = await move({ id: dept.id, parent: v.parent });
          if (r.error || !r.data) return void showError(form, ['parent'], r.error, t, message.error);
          message.success(t('dept.moved', { name: dept.name }));
          onClose(r.data.moveDepartment);
        }}
      >
        <Form.Item name="parent" label={t('dept.newParent')} rules={[{ required: true, message: t('dept.parentRequired') }]}>
          <TreeSelect
            showSearch
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            treeData={pickerTree(roots, (d) => d.id !== dept.id)}
            data-testid="dept-move-parent"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** What a close or merge hands over (or did), and what stands in the way. */
export function ChangeSummary({ change, action }: { change: DeptChange; action: 'merge' | 'close' }) {
  const { t, i18n } = useTranslation();
  const moving = movingCounts(change);
  const to = change.target?.name;
  return (
    <div data-testid="dept-change-summary">
      {change.problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('dept.problemsTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="dept-change-problems">
              {change.problems.map((p) => (
                <li key={p.code}>{bilingual(p.message, i18n.language) ?? p.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Paragraph>
        {action === 'merge'
          ? t('dept.mergeSays', { name: change.department.name, to: to ?? '—' })
          : to
            ? t('dept.closeSaysTo', { name: change.department.name, to })
            : t('dept.closeSays', { name: change.department.name })}
      </Typography.Paragraph>
      {moving.length > 0 || change.defaultReceiving ? (
        <Card size="small" title={to ? t('dept.movesTo', { to }) : t('dept.moves')}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="dept-change-moves">
            {moving.map((m) => (
              <li key={m.key}>{t(`dept.count.${m.key}`, { n: m.n })}</li>
            ))}
            {change.defaultReceiving && <li>{t('dept.count.defaultReceiving')}</li>}
          </ul>
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('dept.nothingMoves')} />
      )}
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('dept.stays')}>
          {t('dept.staysText', { n: change.inactiveStaff })}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}


/**
 * 合并 (into a target) or 撤销 (with a successor): pick, read the preview (what moves, what stands in the
 * way), then confirm. The confirm button waits for a preview without problems.
 */
export function ChangeModal({
  action,
  dept,
  depts,
  roots,
  onClose,
}: {
  action: 'merge' | 'close';
  dept: DeptRow;
  depts: readonly DeptRow[];
  roots: readonly DeptNode[];
  onClose: (done?: DeptChange) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [target, setTarget] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const candidates = successorCandidates(depts, roots, dept);
  const allowed = new Set(candidates.map((c) => c.id));
  const merge = action === 'merge';
  const [mergePreview] = useQuery({
    query: OrgDeptMergePreviewDocument,
    variables: { id: dept.id, into: target ?? '' },
    pause: !merge || !target,
    requestPolicy: 'network-only',
  });
  const [closePreview] = useQuery({
    query: OrgDeptClosePreviewDocument,
    variables: { id: dept.id, successor: target ?? null },
    pause: merge,
    requestPolicy: 'network-only',
  });
  const preview = merge ? mergePreview : closePreview;
  const change = merge ? mergePreview.data?.departmentMergePreview : closePreview.data?.departmentClosePreview;
  const [mergeRes, doMerge] = useMutation(OrgDeptMergeDocument);
  const [closeRes, doClose] = useMutation(OrgDeptCloseDocument);
  const ready = !!change && !preview.fetching && change.problems.length === 0 && (!merge || !!target);

  const confirm = async () => {
    setFailure(null);
    const r = merge ? await doMerge({ id: dept.id, into: target! }) : await doClose({ id: dept.id, successor: target ?? null });
    const done = merge ? (r.data as { mergeDepartment?: DeptChange } | undefined)?.mergeDepartment : (r.data as { closeDepartment?: DeptChange } | undefined)?.closeDepartment;
    if (r.error || !done) {
      setFailure(errorMessage(t, r.error));
      return;
    }
    message.success(merge ? t('dept.merged', { name: dept.name, to: done.target?.name ?? '' }) : t('dept.closed', { name: dept.name }));
    onClose(done);
  };

  return (
    <Modal
      open
      width={640}
      title={merge ? t('dept.mergeTitle', { name: dept.name }) : t('dept.closeTitle', { name: dept.name })}
      okText={merge ? t('dept.mergeOk') : t('dept.closeOk')}
      okButtonProps={{ danger: true, disabled: !ready, 'data-testid': 'dept-change-ok' }}
      onCancel={() => onClose()}
      onOk={confirm}
      confirmLoading={mergeRes.fetching || closeRes.fetching}
    >
      <Typography.Paragraph type="secondary">{merge ? t('dept.mergeHint') : t('dept.closeHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={merge ? t('dept.mergeInto') : t('dept.successor')}
          extra={merge ? t('dept.mergeIntoHint') : t('dept.successorHint')}
          required={merge}
        >
          <TreeSelect
            showSearch
            allowClear={!merge}
            treeDefaultExpandAll
            treeNodeFilterProp="title"
            value={target}
            onChange={(v) => {
              setFailure(null);
              setTarget(v ?? undefined);
            }}
            placeholder={merge ? t('dept.pickTarget') : t('dept.pickSuccessor')}
            treeData={pickerTree(roots, (d) => allowed.has(d.id))}
            notFoundContent={t('dept.noCandidates')}
            data-testid="dept-change-target"
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="dept-change-error" />}
      {merge && !target ? (
        <Alert type="info" showIcon title={t('dept.pickTargetFirst')} />
      ) : preview.error ? (
        <ErrorState error={preview.error} />
      ) : !change || preview.fetching ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <ChangeSummary change={change} action={action} />
      )}
    </Modal>
  );
}
