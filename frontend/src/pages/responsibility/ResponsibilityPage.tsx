import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import EmptyState from '../../components/EmptyState';

/** Placeholder: filled in by its feature. */
export default function ResponsibilityPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('nav.responsibility')}>
      <EmptyState title={t('nav.responsibility')} />
    </Card>
  );
}
