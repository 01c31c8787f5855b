import { useSearchParams } from 'react-router-dom';
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import DepartmentsTab from './DepartmentsTab';
import StaffTab from './StaffTab';
import LeaveTab from './LeaveTab';

const TABS = ['departments', 'staff', 'leave'] as const;

/** 组织机构: the department tree, the staff and their leave (ADMIN; a LEADER their subtree). */
export default function OrgPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'departments';
  return (
    <Card>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.org')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'departments' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'departments', label: t('orgPage.departments'), children: <DepartmentsTab /> },
          { key: 'staff', label: t('orgPage.staff'), children: <StaffTab /> },
          { key: 'leave', label: t('orgPage.leave'), children: <LeaveTab /> },
        ]}
      />
    </Card>
  );
}
