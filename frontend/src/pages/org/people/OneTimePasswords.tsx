import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Popconfirm, Table, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AccountRole } from '../../../graphql/graphql';
import { handOutCsv, handOutText, type HandOut } from './logic';
import peopleTexts from '../../../locales/features/people.json';
import { addTexts } from '../../../locales/texts';

addTexts(peopleTexts);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The one-time passwords of new or reset accounts: shown here once (the server keeps only their hash),
 * copyable and downloadable as a file for handing out. Closing asks for confirmation until they were
 * copied or downloaded.
 */
export default function OneTimePasswords({ rows, onClose, title }: { rows: HandOut[]; onClose: () => void; title: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kept, setKept] = useState(false);
  const copyAll = () => {
    void navigator.clipboard?.writeText(handOutText(rows)).then(
      () => {
        setKept(true);
        message.success(t('people.passwords.copied'));
      },
      () => message.error(t('people.passwords.copyFailed')),
    );
  };
  const save = () => {
    const csv = handOutCsv(
      rows,
      [t('accounts.login'), t('accounts.role'), t('people.staff.name'), t('people.staff.employeeNo'), t('people.passwords.password')],
      (r: AccountRole) => t(`role.${r}`),
    );
    download(`${t('people.passwords.fileName')}-${dayjs().format('YYYYMMDD-HHmm')}.csv`, csv);
    setKept(true);
  };
  const done = (onClick?: () => void) => (
    <Button key="ok" type="primary" data-testid="passwords-done" onClick={onClick}>
      {t('people.passwords.done')}
    </Button>
  );
  return (
    <Modal
      open
      width={720}
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={copyAll} data-testid="passwords-copy">
          {t('people.passwords.copyAll')}
        </Button>,
        <Button key="file" icon={<DownloadOutlined />} onClick={save} data-testid="passwords-download">
          {t('people.passwords.download')}
        </Button>,
        kept ? (
          done(onClose)
        ) : (
          <Popconfirm
            key="ok"
            title={t('people.passwords.closeTitle')}
            description={t('people.passwords.closeText')}
            okText={t('people.passwords.closeAnyway')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={onClose}
          >
            {done()}
          </Popconfirm>
        ),
      ]}
    >
      <Alert type="warning" showIcon title={t('people.passwords.once')} description={t('people.passwords.onceText')} style={{ marginBottom: 12 }} />
      <Table<HandOut>
        rowKey="login"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="passwords-table"
        columns={[
          { key: 'login', title: t('accounts.login'), render: (_, r) => <Typography.Text code>{r.login}</Typography.Text> },
          { key: 'role', title: t('accounts.role'), render: (_, r) => t(`role.${r.role}`) },
          { key: 'name', title: t('people.staff.name'), render: (_, r) => (r.name ? `${r.name}（${r.employeeNo ?? ''}）` : '—') },
          {
            key: 'password',
            title: t('people.passwords.password'),
            render: (_, r) => (
              <Typography.Text code copyable={{ text: r.password, onCopy: () => setKept(true) }} data-testid={`password-${r.login}`}>
                {r.password}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Flex style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('people.passwords.firstLogin')}</Typography.Text>
      </Flex>
    </Modal>
  );
}
