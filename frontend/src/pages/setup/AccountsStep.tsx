import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Select, Table, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  SetupCreateAccountsDocument,
  StaffSearchDocument,
  type AccountRole,
  type SetupCreateAccountsMutation,
} from '../../graphql/graphql';
import { errorMessage, toAppError } from '../../api/errors';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

type Created = SetupCreateAccountsMutation['createAccounts'][number];

interface Row {
  login: string;
  role: AccountRole;
  staff?: string;
}

const ROLES: AccountRole[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];

/** The one-time passwords as a CSV file (UTF-8 with BOM, so that Excel reads the Chinese names). */
export function passwordsCsv(rows: Created[], header: string[]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [header, ...rows.map((r) => [r.account.login, r.account.role, r.account.staff?.name ?? '', r.initialPassword])];
  return '\ufeff' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Step 4: the first accounts — login, role, the person it belongs to; one-time passwords shown once. */
export default function AccountsStep({ onSaved, onNext }: { onSaved: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const [res, create] = useMutation(SetupCreateAccountsDocument);
  const [created, setCreated] = useState<Created[] | null>(null);
  const [kept, setKept] = useState(false);

  const copyAll = async () => {
    const text = (created ?? []).map((c) => `${c.account.login}\t${c.initialPassword}`).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setKept(true);
      message.success(t('setup.accounts.copied'));
    } catch {
      message.error(t('setup.accounts.copyFailed'));
    }
  };
  const download = () => {
    const csv = passwordsCsv(created ?? [], [
      t('setup.accounts.login'),
      t('setup.accounts.role'),
      t('setup.accounts.staff'),
      t('setup.accounts.password'),
    ]);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = t('setup.accounts.fileName');
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setKept(true);
  };
  const dismiss = () => {
    if (kept) {
      setCreated(null);
      return;
    }
    modal.confirm({
      title: t('setup.accounts.dismissTitle'),
      content: t('setup.accounts.dismissText'),
      okText: t('setup.accounts.dismissOk'),
      cancelText: t('common.cancel'),
      onOk: () => setCreated(null),
    });
  };

  if (created) {
    return (
      <div data-testid="setup-accounts-created">
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('setup.accounts.onceTitle')} description={t('setup.accounts.onceText')} />
        <Table
          size="small"
          rowKey={(r) => r.account.id}
          pagination={false}
          dataSource={created}
          columns={[
            { title: t('setup.accounts.login'), render: (_, r) => <Typography.Text code>{r.account.login}</Typography.Text> },
            { title: t('setup.accounts.role'), render: (_, r) => t(`role.${r.account.role}`) },
            { title: t('setup.accounts.staff'), render: (_, r) => r.account.staff?.name ?? '—' },
            {
              title: t('setup.accounts.password'),
              render: (_, r) => (
                <Typography.Text code copyable={{ onCopy: () => setKept(true) }} data-testid="setup-initial-password">
                  {r.initialPassword}
                </Typography.Text>
              ),
            },
          ]}
        />
        <Flex gap={8} wrap style={{ marginTop: 16 }}>
          <Button icon={<CopyOutlined />} onClick={copyAll}>
            {t('setup.accounts.copyAll')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={download} data-testid="setup-accounts-download">
            {t('setup.accounts.download')}
          </Button>
          <Button type="primary" onClick={dismiss} data-testid="setup-accounts-dismiss">
            {t('setup.accounts.kept')}
          </Button>
        </Flex>
      </div>
    );
  }

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('setup.accounts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('setup.accounts.hint')}</Typography.Paragraph>
      <Form
        form={form}
        initialValues={{ rows: [{ login: '', role: 'LEADER' }] }}
        onFinish={async (v) => {
          const inputs = v.rows.map((r) => ({ login: r.login.trim(), role: r.role, ...(r.staff ? { staff: r.staff } : {}) }));
          const r = await create({ inputs });
          if (r.error || !r.data) {
            // Fields are named inputs[i].login / inputs[i].staff.
            const m = /^inputs\[(\d+)\]\.(login|staff)$/.exec(toAppError(r.error).field ?? '');
            if (m) form.setFields([{ name: ['rows', Number(m[1]), m[2] as 'login' | 'staff'], errors: [errorMessage(t, r.error)] }]);
            else message.error(errorMessage(t, r.error));
            return;
          }
          setCreated(r.data.createAccounts);
          setKept(false);
          form.resetFields();
          onSaved();
        }}
      >
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <AccountRow key={f.key} name={f.name} form={form} onRemove={fields.length > 1 ? () => remove(f.name) : undefined} />
              ))}
              <Button icon={<PlusOutlined />} type="dashed" onClick={() => add({ login: '', role: 'STAFF' })} style={{ marginBottom: 16 }}>
                {t('setup.accounts.addRow')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Paragraph type="secondary">
          {t('setup.accounts.bulkHint')}{' '}
          <Link to="/imports?kind=ACCOUNTS">{t('setup.accounts.import')}</Link>
        </Typography.Paragraph>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={res.fetching} data-testid="setup-accounts-create">
            {t('setup.accounts.create')}
          </Button>
          <Button onClick={onNext} data-testid="setup-next">
            {t('setup.next')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}

function AccountRow({
  name,
  form,
  onRemove,
}: {
  name: number;
  form: ReturnType<typeof Form.useForm<{ rows: Row[] }>>[0];
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const role = Form.useWatch(['rows', name, 'role'], form) as AccountRole | undefined;
  const needsStaff = role !== 'ADMIN';
  const [staff] = useQuery({
    query: StaffSearchDocument,
    variables: { where: { active: true, ...(search.trim() ? { nameContains: search.trim() } : {}) }, first: 20 },
  });
  const options = (staff.data?.staffMembers.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name} · ${e.node.department.name}` }] : [],
  );
  return (
    <Flex gap={8} wrap align="flex-start" data-testid="setup-account-row">
      <Form.Item
        name={[name, 'login']}
        rules={[{ required: true, whitespace: true, message: t('setup.accounts.loginRequired') }]}
        style={{ marginBottom: 12 }}
      >
        <Input maxLength={60} placeholder={t('setup.accounts.login')} style={{ width: 180 }} data-testid="setup-account-login" />
      </Form.Item>
      <Form.Item name={[name, 'role']} style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 140 }}
          aria-label={t('setup.accounts.role')}
          data-testid="setup-account-role"
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
      </Form.Item>
      <Form.Item
        name={[name, 'staff']}
        rules={[{ required: needsStaff, message: t('setup.accounts.staffRequired') }]}
        style={{ marginBottom: 12 }}
        extra={needsStaff && staff.data && staff.data.staffMembers.totalCount === 0 && !search ? t('setup.accounts.noStaff') : undefined}
      >
        <Select
          showSearch
          filterOption={false}
          onSearch={setSearch}
          allowClear
          disabled={!needsStaff}
          style={{ width: 260 }}
          aria-label={t('setup.accounts.staff')}
          placeholder={needsStaff ? t('setup.accounts.staffPlaceholder') : t('setup.accounts.adminNoStaff')}
          loading={staff.fetching}
          options={options}
          notFoundContent={t('common.noMatch')}
          data-testid="setup-account-staff"
        />
      </Form.Item>
      {onRemove && <Button icon={<DeleteOutlined />} aria-label={t('setup.accounts.removeRow')} onClick={onRemove} />}
    </Flex>
  );
}
