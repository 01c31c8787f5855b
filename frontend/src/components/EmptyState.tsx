import type { ReactNode } from 'react';
import { Empty, Typography } from 'antd';

/** A designed empty state: what is missing and what to do about it. */
export default function EmptyState({ title, text, children }: { title: string; text?: string; children?: ReactNode }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <>
          <Typography.Text strong>{title}</Typography.Text>
          {text && (
            <>
              <br />
              <Typography.Text type="secondary">{text}</Typography.Text>
            </>
          )}
        </>
      }
    >
      {children}
    </Empty>
  );
}
