import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import EmptyState from '../../components/EmptyState';

/** Placeholder: filled in by its feature. */
export default function SettingsTab() {
  const { t } = useTranslation();
  return (
    <Card title={t('admin.settings')}>
      <EmptyState title={t('admin.settings')} />
    </Card>
  );
}
