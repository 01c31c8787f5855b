import { useSearchParams } from 'react-router-dom';
import { Card, Flex, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import CalendarEditor from './CalendarEditor';
import AccountsList from './AccountsList';
import SettingsTab from './SettingsTab';
import ExportButton from '../../components/ExportButton';

/** 系统管理: the working-day calendar, accounts and roles, and the organisation's exports. */
export default function AdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (['accounts', 'settings'] as const).find((k) => k === params.get('tab')) ?? 'calendar';
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('admin.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('admin.subtitle')}</Typography.Text>
        </div>
        <Flex gap={8} wrap>
          <ExportButton table="departments" label={t('admin.exportDepartments')} />
          <ExportButton table="staffMembers" orderBy={{ field: 'EMPLOYEE_NO', direction: 'ASC' }} label={t('admin.exportStaff')} />
          <ExportButton table="responsibilityItems" orderBy={{ field: 'CATEGORY_PATH', direction: 'ASC' }} label={t('admin.exportItems')} />
        </Flex>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'calendar' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'calendar', label: t('admin.calendar'), children: <CalendarEditor /> },
          { key: 'accounts', label: t('admin.accounts'), children: <AccountsList /> },
          { key: 'settings', label: t('admin.settings'), children: <SettingsTab /> },
        ]}
      />
    </Card>
  );
}
