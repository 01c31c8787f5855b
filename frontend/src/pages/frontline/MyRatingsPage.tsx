import { App, Button, Card, Flex, Popconfirm, Rate, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  JudgeRectificationDocument,
  MyRatingsDocument,
  type MyRatingFieldsFragment,
  type RectificationStatus,
  type RectificationVerdict,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { isBad, SCORE_KEYS } from './scores';
import styles from './frontline.module.css';

const PAGE = 10;

export const RECT_COLORS: Record<RectificationStatus, string> = { OPEN: 'orange', ANSWERED: 'blue', CLOSED: 'green' };
export const VERDICT_COLORS: Record<RectificationVerdict, string> = {
  SATISFIED: 'green',
  BASICALLY_SATISFIED: 'cyan',
  DISSATISFIED: 'red',
};

/** 我的评价: the unit's ratings (anonymous ones included) with each rectification's state and the verdict buttons. */
export default function MyRatingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const paging = useCursorPaging('');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MyRatingsDocument,
    variables: { first: PAGE, after: paging.after },
  });
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const header = (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('myRatings.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('myRatings.subtitle')}</Typography.Text>
      </div>
      <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={refresh} />
    </Flex>
  );

  if (!shown) {
    return (
      <div className={styles.narrow}>
        {header}
        {error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active paragraph={{ rows: 6 }} />}
      </div>
    );
  }
  const conn = shown.myRatings;
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <div className={styles.narrow} data-testid="my-ratings">
      {header}
      {rows.length === 0 ? (
        <Card>
          <EmptyState title={t('myRatings.emptyTitle')} text={t('myRatings.emptyText')}>
            <Button type="primary" onClick={() => navigate('/rating')}>
              {t('myRatings.rateNow')}
            </Button>
          </EmptyState>
        </Card>
      ) : (
        rows.map((r) => <RatingCard key={r.id} rating={r} />)
      )}
      {conn.totalCount > PAGE && (
        <Card size="small">
          <Pager
            total={conn.totalCount}
            page={paging.page}
            pageSize={PAGE}
            hasNext={!!data && !!conn.pageInfo.hasNextPage}
            busy={fetching}
            onFirst={paging.first}
            onPrev={paging.prev}
            onNext={() => paging.next(conn.pageInfo.endCursor)}
          />
        </Card>
      )}
    </div>
  );
}

function RatingCard({ rating: r }: { rating: MyRatingFieldsFragment }) {
  const { t } = useTranslation();
  const rect = r.rectification;
  return (
    <Card className={styles.card} size="small" data-testid="rating-card" data-rating={r.id}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {r.targetDepartment.name}
          </Typography.Text>
          <div className={styles.meta}>
            <Typography.Text type="secondary">{dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
          </div>
        </div>
        <Space size={4} wrap>
          {r.anonymous && <Tag>{t('common.anonymous')}</Tag>}
          {r.appealStatus !== 'NONE' && (
            <Tag color={r.appealStatus === 'VOIDED' ? 'default' : 'purple'}>{t(`appealStatus.${r.appealStatus}`)}</Tag>
          )}
        </Space>
      </Flex>
      <Flex align="center" gap={8} wrap style={{ marginTop: 4 }}>
        <Rate disabled value={r.score} style={{ fontSize: 16 }} />
        <Typography.Text type={isBad(r.score) ? 'danger' : 'secondary'}>{t(SCORE_KEYS[r.score])}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary" className={styles.meta}>
        {t('dimension.responsiveness')} {r.responsiveness} · {t('dimension.resolution')} {r.resolution} ·{' '}
        {t('dimension.attitude')} {r.attitude}
      </Typography.Text>
      {(r.task || r.visit) && (
        <div className={styles.meta}>
          <Typography.Text type="secondary">
            {r.task ? `${t('rate.aboutTask')}：${r.task.title}` : `${t('rate.aboutVisit')}：${r.visit?.purpose}`}
          </Typography.Text>
        </div>
      )}
      {r.comment && <Typography.Paragraph style={{ margin: '8px 0 0' }}>{r.comment}</Typography.Paragraph>}
      {rect && <RectificationBlock rect={rect} mine={r.mine} />}
    </Card>
  );
}

function RectificationBlock({ rect, mine }: { rect: NonNullable<MyRatingFieldsFragment['rectification']>; mine: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [res, judge] = useMutation(JudgeRectificationDocument);
  const current = rect.status === 'OPEN' ? 0 : rect.status === 'ANSWERED' ? 1 : 2;
  const verdict = async (v: RectificationVerdict) => {
    const r = await judge({ id: rect.id, verdict: v });
    if (r.error) message.error(errorMessage(t, r.error));
    else message.success(v === 'DISSATISFIED' && r.data?.judgeRectification.status === 'OPEN' ? t('myRatings.reopened') : t('myRatings.judged'));
  };
  return (
    <div style={{ marginTop: 12, padding: 12, background: '#f7f9fc', borderRadius: 6 }} data-testid="rectification">
      <Flex justify="space-between" align="center" wrap gap={6}>
        <Typography.Text strong>{t('myRatings.rectification')}</Typography.Text>
        <Space size={4}>
          <Tag color={RECT_COLORS[rect.status]} data-testid="rect-status">
            {t(`rectStatus.${rect.status}`)}
          </Tag>
          {rect.verdict && <Tag color={VERDICT_COLORS[rect.verdict]}>{t(`verdict.${rect.verdict}`)}</Tag>}
        </Space>
      </Flex>
      <Steps
        size="small"
        current={current}
        style={{ margin: '10px 0' }}
        items={[
          { title: t('myRatings.step.open'), content: t('myRatings.due', { date: dayjs(rect.dueAt).format('MM-DD') }) },
          { title: t('myRatings.step.answered'), content: rect.answeredAt ? dayjs(rect.answeredAt).format('MM-DD') : undefined },
          { title: t('myRatings.step.closed'), content: rect.closedAt ? dayjs(rect.closedAt).format('MM-DD') : undefined },
        ]}
      />
      {rect.reopenCount > 0 && <Tag color="orange">{t('myRatings.reopenCount', { count: rect.reopenCount })}</Tag>}
      {rect.answer && (
        <Typography.Paragraph style={{ margin: '6px 0' }}>
          <Typography.Text type="secondary">{t('myRatings.answer')}</Typography.Text>
          {rect.answer}
        </Typography.Paragraph>
      )}
      {rect.status === 'ANSWERED' && mine && (
        <>
          <Typography.Text type="secondary">{t('myRatings.judgePrompt')}</Typography.Text>
          <Flex gap={8} wrap style={{ marginTop: 8 }} data-testid="judge-buttons">
            <Button type="primary" loading={res.fetching} onClick={() => void verdict('SATISFIED')} data-testid="judge-SATISFIED">
              {t('verdict.SATISFIED')}
            </Button>
            <Button loading={res.fetching} onClick={() => void verdict('BASICALLY_SATISFIED')} data-testid="judge-BASICALLY_SATISFIED">
              {t('verdict.BASICALLY_SATISFIED')}
            </Button>
            <Popconfirm
              title={t('myRatings.dissatisfiedConfirm')}
              description={rect.reopenCount === 0 ? t('myRatings.dissatisfiedReopen') : t('myRatings.dissatisfiedFinal')}
              okText={t('verdict.DISSATISFIED')}
              cancelText={t('common.cancel')}
              onConfirm={() => verdict('DISSATISFIED')}
            >
              <Button danger loading={res.fetching} data-testid="judge-DISSATISFIED">
                {t('verdict.DISSATISFIED')}
              </Button>
            </Popconfirm>
          </Flex>
        </>
      )}
    </div>
  );
}
