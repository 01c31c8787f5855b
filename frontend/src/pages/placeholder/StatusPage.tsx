import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

/** 404 and 403 pages inside the app shell. */
export default function StatusPage({ kind }: { kind: 'notFound' | 'forbidden' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={kind === 'notFound' ? '404' : '403'}
      title={t(`${kind}.title`)}
      subTitle={t(`${kind}.text`)}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t(`${kind}.back`)}
        </Button>
      }
    />
  );
}
