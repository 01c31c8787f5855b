import { useMemo } from 'react';
import { Alert, Button, Card, Col, Flex, Result, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { FilterOutlined, ToolOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { RespGapsDocument, type RespGapsQuery } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { errorMessage } from '../../api/errors';
import { ItemTitle, Responsible } from './ItemsTab';
import type { Item } from './model';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

type GapItem = RespGapsQuery['responsibilityGaps']['toFix'][number];
type Overlap = RespGapsQuery['responsibilityGaps']['overlaps'][number];

export interface FixReason {
  kinds: string[];
  overlapTerms: string[];
}

interface Props {
  /** Opens the item drawer, saying what to fix. */
  onFix: (item: Item, reason: FixReason) => void;
  /** Shows the item list filtered to a department's items (or to the items nobody is responsible for). */
  onDepartment: (dept: string | null) => void;
}

/** 职责空白 / 职责交叉: every item to fix, each with a button that opens it (or its department's items) to fix it. */
export default function GapsTab({ onFix, onDepartment }: Props) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RespGapsDocument });
  const gaps = data?.responsibilityGaps;
  const byId = useMemo(() => new Map((gaps?.toFix ?? []).map((g) => [g.item.id, g])), [gaps]);

  if (!gaps) {
    return error ? (
      <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
    ) : (
      <div data-testid="resp-gaps-loading">
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }
  const unowned = gaps.toFix.filter((g) => g.kinds.includes('UNOWNED')).length;

  if (gaps.toFix.length === 0) {
    return (
      <Result
        status="success"
        title={t('resp.gaps.noneTitle')}
        subTitle={t('resp.gaps.noneText')}
        data-testid="resp-gaps-none"
        extra={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>{t('common.refresh')}</Button>}
      />
    );
  }

  return (
    <Flex vertical gap={16} data-testid="resp-gaps">
      {error && <Alert type="error" showIcon title={errorMessage(t, error)} />}
      <Row gutter={12}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('resp.gaps.toFix')} value={gaps.toFix.length} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('resp.gaps.unowned')} value={unowned} styles={{ content: { color: unowned ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('resp.gaps.overlap')}
              value={gaps.overlaps.length}
              suffix={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('resp.gaps.words')}</Typography.Text>}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('resp.gaps.explain')}
      </Typography.Paragraph>
      <Table<GapItem>
        rowKey={(g) => g.item.id}
        size="middle"
        loading={fetching}
        dataSource={gaps.toFix}
        pagination={gaps.toFix.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 900 }}
        data-testid="resp-gaps-table"
        onRow={(g) => ({ 'data-item': g.item.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'title', title: t('resp.field.title'), render: (_, g) => <ItemTitle item={g.item} /> },
          {
            key: 'kinds',
            title: t('resp.gaps.why'),
            width: 260,
            render: (_, g) => (
              <Flex wrap gap={4}>
                {g.kinds.includes('UNOWNED') && <Tag color="red">{t('resp.gaps.unowned')}</Tag>}
                {g.kinds.includes('OVERLAP') && (
                  <>
                    <Tag color="orange">{t('resp.gaps.overlap')}</Tag>
                    {g.overlapTerms.map((w) => (
                      <Tag key={w} style={{ marginInlineEnd: 0 }}>
                        {w}
                      </Tag>
                    ))}
                  </>
                )}
              </Flex>
            ),
          },
          { key: 'resp', title: t('resp.field.responsible'), width: 130, render: (_, g) => <Responsible item={g.item} /> },
          {
            key: 'fix',
            title: t('resp.col.actions'),
            width: 230,
            render: (_, g) => (
              <Flex gap={4} wrap>
                <Button
                  size="small"
                  type="primary"
                  icon={<ToolOutlined />}
                  onClick={() => onFix(g.item, { kinds: g.kinds, overlapTerms: g.overlapTerms })}
                  data-testid="resp-gap-fix"
                >
                  {t('resp.gaps.fix')}
                </Button>
                <Button size="small" icon={<FilterOutlined />} onClick={() => onDepartment(g.item.responsibleDepartment?.id ?? null)}>
                  {g.item.responsibleDepartment ? t('resp.gaps.deptItems') : t('resp.gaps.allUnowned')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
      {gaps.overlaps.length > 0 && (
        <Card size="small" title={t('resp.gaps.overlapsTitle')}>
          <Table<Overlap>
            rowKey="keyword"
            size="small"
            pagination={false}
            dataSource={gaps.overlaps}
            data-testid="resp-overlaps"
            columns={[
              { key: 'word', title: t('resp.gaps.word'), width: 140, render: (_, o) => <Tag color="orange">{o.keyword}</Tag> },
              {
                key: 'items',
                title: t('resp.gaps.items'),
                render: (_, o) => (
                  <Flex wrap gap={8}>
                    {o.items.map((it) => {
                      const g = byId.get(it.id);
                      return (
                        <Typography.Link
                          key={it.id}
                          onClick={() => g && onFix(g.item, { kinds: g.kinds, overlapTerms: g.overlapTerms })}
                          disabled={!g}
                        >
                          {it.title}
                        </Typography.Link>
                      );
                    })}
                  </Flex>
                ),
              },
              {
                key: 'depts',
                title: t('resp.gaps.departments'),
                render: (_, o) => (
                  <Flex wrap gap={8}>
                    {o.departments.map((d) => (
                      <Typography.Link key={d.id} onClick={() => onDepartment(d.id)}>
                        {d.name}
                      </Typography.Link>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
