import { Button, Flex, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

interface Props {
  total: number;
  page: number;
  pageSize: number;
  hasNext: boolean;
  busy?: boolean;
  onFirst: () => void;
  onPrev: () => void;
  onNext: () => void;
  testId?: string;
}

/** Total, page n / m and first/previous/next for a cursor connection. */
export default function Pager({ total, page, pageSize, hasNext, busy, onFirst, onPrev, onNext, testId }: Props) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text type="secondary" data-testid={testId ?? 'pager-total'}>
        {t('pager.total', { count: total })}
      </Typography.Text>
      <Space wrap>
        <Typography.Text type="secondary">{t('pager.page', { page: page + 1, pages })}</Typography.Text>
        <Button size="small" icon={<VerticalRightOutlined />} aria-label={t('pager.first')} disabled={page === 0 || busy} onClick={onFirst} />
        <Button size="small" icon={<LeftOutlined />} disabled={page === 0 || busy} onClick={onPrev}>
          {t('pager.prev')}
        </Button>
        <Button size="small" disabled={!hasNext || busy} onClick={onNext} data-testid="pager-next">
          {t('pager.next')} <RightOutlined />
        </Button>
      </Space>
    </Flex>
  );
}
