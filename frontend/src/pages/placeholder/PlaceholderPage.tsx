import { Button, Card, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/store';
import { canOpen } from '../../nav';

/** A page whose feature is announced but not built yet. */
export default function PlaceholderPage({ page }: { page: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { viewer } = useAuth();
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: '#1f5fae' }} />}
        title={t('placeholder.comingTitle', { page: t(`nav.${page}`) })}
        subTitle={t('placeholder.comingText')}
        extra={
          viewer && canOpen(viewer.role, 'tasks') ? (
            <Button type="primary" onClick={() => navigate('/tasks')}>
              {t('placeholder.backToTasks')}
            </Button>
          ) : undefined
        }
      />
    </Card>
  );
}
