import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import EmptyState from '../../components/EmptyState';

/** Placeholder: filled in by its feature. */
export default function LeaveTab() {
  const { t } = useTranslation();
  return (
    <Card title={t('nav.org')}>
      <EmptyState title={t('nav.org')} />
    </Card>
  );
}
