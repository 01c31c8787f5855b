import { useState } from 'react';
import { Alert, App, Button, Collapse, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useClient, useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { CreateAccountsDocument, StaffByNumbersDocument, type AccountRole } from '../../../graphql/graphql';
import { errorMessage } from '../../../api/errors';
import { PersonPicker } from './pickers';
import { needsStaff, parsePastedAccounts, type HandOut } from './logic';
import { showServerError } from './formErrors';
import peopleTexts from '../../../locales/features/people.json';
import { addTexts } from '../../../locales/texts';

addTexts(peopleTexts);

export const ROLES: AccountRole[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];
export const MAX_BULK = 500;
const ROW_FIELDS = ['rows.*.login', 'rows.*.role', 'rows.*.staff'];

interface Row {
  login: string;
  role: AccountRole;
  staff?: string;
}

/**
 * 批量开通账号: several accounts at once (all or none), each with its role and person; the server makes a
 * one-time password for each, handed back to `onCreated`.
 */
export default function BulkAccounts({ onClose, onCreated }: { onClose: () => void; onCreated: (rows: HandOut[]) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const [res, create] = useMutation(CreateAccountsDocument);
  const client = useClient();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [pasted, setPasted] = useState('');
  const [pasteBusy, setPasteBusy] = useState(false);
  const [pasteProblems, setPasteProblems] = useState<string[]>([]);
  /** Fills the rows from pasted spreadsheet lines, finding each person by employee number. */
  const fillFromPaste = async () => {
    const { rows, errors } = parsePastedAccounts(pasted);
    const problems = errors.map((e) => t('people.accounts.pasteBadLine', { line: e.line, text: e.text }));
    const nos = [...new Set(rows.map((r) => r.employeeNo).filter(Boolean))];
    const found = new Map<string, { id: string; label: string; active: boolean }>();
    setPasteBusy(true);
    try {
      for (let i = 0; i < nos.length; i += 100) {
        const r = await client.query(StaffByNumbersDocument, { nos: nos.slice(i, i + 100) }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error) {
          message.error(errorMessage(t, r.error));
          return;
        }
        for (const e of r.data?.staffMembers.edges ?? []) {
          if (e?.node) found.set(e.node.employeeNo, { id: e.node.id, active: e.node.active, label: `${e.node.name}（${e.node.employeeNo}）· ${e.node.department.name}` });
        }
      }
    } finally {
      setPasteBusy(false);
    }
    const next: Row[] = rows.map((r) => {
      const p = r.employeeNo ? found.get(r.employeeNo) : undefined;
      if (r.employeeNo && !p) problems.push(t('people.accounts.pasteUnknown', { line: r.line, no: r.employeeNo }));
      else if (p && !p.active) problems.push(t('people.accounts.pasteInactive', { line: r.line, no: r.employeeNo }));
      return { login: r.login, role: r.role, ...(p?.active ? { staff: p.id } : {}) };
    });
    setLabels((l) => ({ ...l, ...Object.fromEntries([...found.values()].map((p) => [p.id, p.label])) }));
    setPasteProblems(problems);
    if (!next.length) return;
    const current = ((form.getFieldValue('rows') as Row[] | undefined) ?? []).filter((r) => r?.login?.trim() || r?.staff);
    form.setFieldsValue({ rows: [...current, ...next] });
    setPasted('');
    message.success(t('people.accounts.pasteFilled', { count: next.length }));
  };
  const onFinish = async ({ rows }: { rows: Row[] }) => {
    const r = await create({
      inputs: rows.map((row) => ({ login: row.login.trim(), role: row.role, ...(row.staff ? { staff: row.staff } : {}) })),
    });
    if (r.error || !r.data) {
      showServerError(form, r.error, ROW_FIELDS, t, (text) => message.error(text));
      return;
    }
    onCreated(
      r.data.createAccounts.map((c) => ({
        login: c.account.login,
        role: c.account.role,
        name: c.account.staff?.name,
        employeeNo: c.account.staff?.employeeNo,
        password: c.initialPassword,
      })),
    );
  };
  return (
    <Modal
      open
      width={860}
      title={t('people.accounts.bulkTitle')}
      okText={t('people.accounts.bulkSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">{t('people.accounts.bulkHint')}</Typography.Paragraph>
      <Collapse
        size="small"
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'paste',
            label: t('people.accounts.paste'),
            children: (
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">{t('people.accounts.pasteHint')}</Typography.Text>
                <Input.TextArea
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  placeholder={'zhou.min\tE9001\t机关干部\nli.qiang\tE9002\t领导'}
                  data-testid="bulk-paste"
                />
                <Flex>
                  <Button onClick={() => void fillFromPaste()} loading={pasteBusy} disabled={!pasted.trim()} data-testid="bulk-paste-fill">
                    {t('people.accounts.pasteFill')}
                  </Button>
                </Flex>
                {pasteProblems.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t('people.accounts.pasteProblems')}
                    description={
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {pasteProblems.slice(0, 20).map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    }
                  />
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Form form={form} layout="vertical" initialValues={{ rows: [{ role: 'STAFF' }] }} onFinish={onFinish} data-testid="bulk-form">
        <Form.List
          name="rows"
          rules={[
            {
              validator: async (_, rows: Row[] | undefined) => {
                if (!rows?.length) throw new Error(t('people.accounts.noRows'));
                if (rows.length > MAX_BULK) throw new Error(t('people.accounts.tooMany', { max: MAX_BULK }));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} align="flex-start" data-testid={`bulk-row-${i}`}>
                  <Typography.Text type="secondary" style={{ width: 24, paddingTop: 6 }}>
                    {i + 1}
                  </Typography.Text>
                  <Form.Item
                    name={[field.name, 'login']}
                    style={{ width: 200 }}
                    rules={[
                      { required: true, whitespace: true, message: t('people.accounts.loginRequired') },
                      {
                        validator: async (_, v: string | undefined) => {
                          const mine = v?.trim();
                          if (!mine) return;
                          const all = (form.getFieldValue('rows') as Row[]).map((r) => r?.login?.trim());
                          if (all.filter((l) => l === mine).length > 1) throw new Error(t('people.accounts.loginTwice'));
                        },
                      },
                    ]}
                  >
                    <Input placeholder={t('accounts.login')} autoComplete="off" maxLength={60} data-testid="bulk-login" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']} style={{ width: 140 }} rules={[{ required: true }]}>
                    <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="bulk-role" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'staff']}
                    style={{ flex: 1, minWidth: 220 }}
                    dependencies={[['rows', field.name, 'role']]}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: async (_, v: string | undefined) => {
                          if (!v && needsStaff(getFieldValue(['rows', field.name, 'role']) as AccountRole)) throw new Error(t('people.accounts.staffRequired'));
                        },
                      }),
                    ]}
                  >
                    <PersonPicker testId="bulk-staff" labelOf={(id) => labels[id]} withAccounts />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('people.common.delete')}
                    disabled={fields.length === 1}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'STAFF' })} disabled={fields.length >= MAX_BULK} data-testid="bulk-add">
                {t('people.accounts.addRow')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
