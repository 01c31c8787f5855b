import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The title row of a page: title, one line of explanation, actions on the right. */
export default function PageHeader({
  title,
  subtitle,
  extra,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && (
        <Flex wrap gap={8} align="center">
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
