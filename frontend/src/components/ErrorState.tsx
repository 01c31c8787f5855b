import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, toAppError } from '../api/errors';

interface Props {
  error: unknown;
  onRetry?: () => void;
}

/** A full-width error state: the message by `extensions.code` in the current language. */
export default function ErrorState({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const app = toAppError(error);
  const status = app.code === 'FORBIDDEN' ? '403' : app.code === 'NOT_FOUND' ? '404' : 'error';
  return (
    <Result
      status={status}
      title={t('errors.title')}
      subTitle={
        <>
          <div data-testid="error-message">{errorMessage(t, error)}</div>
          <div style={{ fontSize: 12, marginTop: 4, opacity: 0.65 }}>{app.code}</div>
        </>
      }
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
