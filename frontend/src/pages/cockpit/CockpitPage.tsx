import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Flex, Segmented, Skeleton, Space, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { CockpitChartsDocument, CockpitHeadlineDocument } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { useDepartments } from '../../hooks/org';
import {
  monthOf,
  pct,
  quarterOf,
  readDrill,
  readWindow,
  shiftWindow,
  windowInput,
  windowLabel,
  writeDrill,
  writeWindow,
  type DrillLevel,
  type WindowMode,
} from './window';
import CockpitCharts from './CockpitCharts';
import DrillDrawer from './DrillDrawer';
import styles from './cockpit.module.css';
import { useSetupGap } from '../setup/SetupGap';

/** 领导驾驶舱: headline figures and charts for a window and a department scope, every figure drills down. */
export default function CockpitPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const win = useMemo(() => readWindow(params), [params]);
  const scope = params.get('scope') || null;
  const drill = useMemo(() => readDrill(params), [params]);
  const depts = useDepartments();
  const variables = useMemo(() => ({ window: windowInput(win), scope }), [win, scope]);
  const [head, reHead] = useQuery({ query: CockpitHeadlineDocument, variables });
  const [charts, reCharts] = useQuery({ query: CockpitChartsDocument, variables });
  // Before the agency has departments and staff there is nothing to show: say what is missing instead.
  const gap = useSetupGap(['agency', 'departments', 'staff']);
  const english = i18n.language === 'en';

  const setDrill = (levels: DrillLevel[]) => setParams(writeDrill(params, levels));
  const push = (l: DrillLevel) => setDrill([...drill, l]);
  const open = (l: DrillLevel) => setDrill([l]);
  const refresh = () => {
    reHead({ requestPolicy: 'network-only' });
    reCharts({ requestPolicy: 'network-only' });
  };
  const setMode = (m: WindowMode) => {
    const base = dayjs(win.from);
    const w = m === 'quarter' ? quarterOf(base) : m === 'month' ? monthOf(base) : { ...win, mode: 'custom' as const };
    setParams(writeWindow(params, w), { replace: true });
  };

  const c = head.data?.cockpit;
  const scopeName = c?.scope?.name ?? (scope ? depts.byId.get(scope)?.name : undefined);

  const toolbar = (
    <Flex justify="space-between" align="center" wrap gap={12} className={styles.toolbar}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cockpit.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="cockpit-window">
          {windowLabel(win, english)}
          {scopeName ? ` · ${scopeName}` : ''}
        </Typography.Text>
      </div>
      <Space wrap>
        <Segmented<WindowMode>
          value={win.mode}
          onChange={setMode}
          options={[
            { value: 'quarter', label: t('cockpit.quarter') },
            { value: 'month', label: t('cockpit.month') },
            { value: 'custom', label: t('cockpit.custom') },
          ]}
        />
        {win.mode === 'custom' ? (
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(win.from), dayjs(win.to).subtract(1, 'day')]}
            onChange={(v) => {
              if (v?.[0] && v[1])
                setParams(
                  writeWindow(params, { mode: 'custom', from: v[0].format('YYYY-MM-DD'), to: v[1].add(1, 'day').format('YYYY-MM-DD') }),
                  { replace: true },
                );
            }}
          />
        ) : (
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label={t('cockpit.previous')} onClick={() => setParams(writeWindow(params, shiftWindow(win, -1)))} />
            <DatePicker
              picker={win.mode === 'quarter' ? 'quarter' : 'month'}
              allowClear={false}
              value={dayjs(win.from)}
              format={() => windowLabel(win, english)}
              onChange={(d) => d && setParams(writeWindow(params, win.mode === 'quarter' ? quarterOf(d) : monthOf(d)))}
              style={{ width: 150 }}
            />
            <Button icon={<RightOutlined />} aria-label={t('cockpit.next')} onClick={() => setParams(writeWindow(params, shiftWindow(win, 1)))} />
          </Space.Compact>
        )}
        <TreeSelect
          allowClear
          showSearch
          treeDefaultExpandAll
          treeNodeFilterProp="title"
          placeholder={t('cockpit.scopeAll')}
          style={{ width: 220 }}
          value={scope ?? undefined}
          treeData={depts.agencyTree}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('scope', String(v));
            else next.delete('scope');
            next.delete('drill');
            setParams(next);
          }}
          data-testid="cockpit-scope"
        />
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={refresh} />
      </Space>
    </Flex>
  );

  if (gap) return <Card>{gap}</Card>;

  if (head.error && !c) {
    return (
      <div>
        {toolbar}
        <ErrorState error={head.error} onRetry={refresh} />
      </div>
    );
  }

  const i = c?.imbalance;
  const cards: {
    key: string;
    label: string;
    value: string;
    sub?: string;
    tone?: 'bad' | 'good' | 'warn';
    help: string;
    onClick: () => void;
  }[] = c && i
    ? [
        {
          key: 'gini',
          label: t('cockpit.card.gini'),
          value: i.gini.toFixed(2),
          sub: t('cockpit.card.giniSub', { n: i.n }),
          tone: i.gini > 0.3 ? 'bad' : i.gini > 0.2 ? 'warn' : 'good',
          help: t('cockpit.help.gini'),
          onClick: () => open({ kind: 'flag', id: 'ALL' }),
        },
        {
          key: 'top20',
          label: t('cockpit.card.top20'),
          value: pct(i.top20Share),
          sub: t('cockpit.card.top20Sub', { count: i.topCount }),
          tone: i.top20Share > 0.4 ? 'bad' : 'warn',
          help: t('cockpit.help.top20'),
          onClick: () => open({ kind: 'flag', id: 'ALL' }),
        },
        {
          key: 'overloaded',
          label: t('cockpit.card.overloaded'),
          value: String(i.overloadedCount),
          sub: t('cockpit.card.people'),
          tone: i.overloadedCount > 0 ? 'bad' : 'good',
          help: t('cockpit.help.overloaded'),
          onClick: () => open({ kind: 'flag', id: 'OVERLOADED' }),
        },
        {
          key: 'idle',
          label: t('cockpit.card.idle'),
          value: String(i.idleCount),
          sub: t('cockpit.card.people'),
          tone: i.idleCount > 0 ? 'warn' : 'good',
          help: t('cockpit.help.idle'),
          onClick: () => open({ kind: 'flag', id: 'IDLE' }),
        },
        {
          key: 'ontime',
          label: t('cockpit.card.onTime'),
          value: pct(c.onTimeRate),
          sub: t('cockpit.card.onTimeSub', { count: c.completedCount }),
          tone: (c.onTimeRate ?? 1) < 0.9 ? 'warn' : 'good',
          help: t('cockpit.help.onTime'),
          onClick: () => open({ kind: 'ontime', id: 'all' }),
        },
        {
          key: 'overdue',
          label: t('cockpit.card.overdue'),
          value: String(c.overdueCount),
          sub: t('cockpit.card.tasks'),
          tone: c.overdueCount > 0 ? 'bad' : 'good',
          help: t('cockpit.help.overdue'),
          onClick: () => navigate(`/tasks?overdue=1${scope ? `&dept=${scope}&deptRole=any` : ''}`),
        },
        {
          key: 'pingpong',
          label: t('cockpit.card.pingPong'),
          value: String(c.pingPongCount),
          sub: t('cockpit.card.pingPongSub', { count: c.transferCount, late: c.lateTransferCount }),
          tone: c.pingPongCount > 0 ? 'bad' : 'good',
          help: t('cockpit.help.pingPong'),
          onClick: () => open({ kind: 'pingpong', id: 'all' }),
        },
        {
          key: 'satisfaction',
          label: t('cockpit.card.satisfaction'),
          value: c.satisfactionWithheld ? t('cockpit.withheld') : pct(c.satisfactionRate),
          sub: c.satisfactionWithheld ? t('cockpit.withheldSub') : t('cockpit.card.satisfactionSub', { count: c.ratingCount ?? 0, mean: (c.meanScore ?? 0).toFixed(2) }),
          tone: (c.satisfactionRate ?? 1) < 0.7 ? 'warn' : 'good',
          help: t('cockpit.help.satisfaction'),
          onClick: () => document.getElementById('satisfaction')?.scrollIntoView({ behavior: 'smooth' }),
        },
        {
          key: 'rect',
          label: t('cockpit.card.rectifications'),
          value: pct(c.rectificationsOnTimeRate),
          sub: c.rectificationAcceptanceRate != null ? t('cockpit.card.rectSub', { rate: pct(c.rectificationAcceptanceRate) }) : undefined,
          tone: (c.rectificationsOnTimeRate ?? 1) < 1 ? 'warn' : 'good',
          help: t('cockpit.help.rectifications'),
          onClick: () => navigate('/rectifications'),
        },
        {
          key: 'visits',
          label: t('cockpit.card.visits'),
          value: `${c.visitsDone} / ${Math.round(c.visitsQuota)}`,
          sub: pct(c.visitsRate, 0),
          tone: (c.visitsRate ?? 1) < 1 ? 'warn' : 'good',
          help: t('cockpit.help.visits'),
          onClick: () => open({ kind: 'visits', id: 'all' }),
        },
      ]
    : [];

  return (
    <div className={styles.page}>
      {toolbar}
      {c && (c.talkFlags.length > 0 || c.leadShareFlags.length > 0) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <Flex wrap gap={6} align="center">
              {c.talkFlags.length > 0 && (
                <>
                  <span>{t('cockpit.talkFlags')}</span>
                  {c.talkFlags.map((d) => (
                    <Tag key={d.id} color="red" style={{ cursor: 'pointer' }} onClick={() => open({ kind: 'ratings', id: d.id })}>
                      {d.name}
                    </Tag>
                  ))}
                </>
              )}
              {c.leadShareFlags.map((f) => (
                <Tag key={f.department.id} color="orange" style={{ cursor: 'pointer' }} onClick={() => open({ kind: 'dept', id: f.department.id })}>
                  {f.department.name} · {t(`leadFlag.${f.flag}`)} {pct(f.leadShare, 0)}
                </Tag>
              ))}
            </Flex>
          }
        />
      )}
      <div className={styles.cards} data-testid="cockpit-cards">
        {!c
          ? Array.from({ length: 10 }, (_, k) => (
              <Card key={k} size="small">
                <Skeleton active paragraph={false} />
              </Card>
            ))
          : cards.map((card) => (
              <Tooltip key={card.key} title={card.help}>
                <Card
                  size="small"
                  hoverable
                  className={`${styles.card} ${card.tone ? styles[card.tone] : ''}`}
                  onClick={card.onClick}
                  data-testid={`card-${card.key}`}
                >
                  <div className={styles.cardLabel}>{card.label}</div>
                  <div className={styles.cardValue}>{card.value}</div>
                  {card.sub && <div className={styles.cardSub}>{card.sub}</div>}
                </Card>
              </Tooltip>
            ))}
      </div>
      {charts.error && !charts.data ? (
        <ErrorState error={charts.error} onRetry={refresh} />
      ) : (
        <CockpitCharts data={charts.data} fetching={charts.fetching} onDrill={open} />
      )}
      <DrillDrawer
        levels={drill}
        window={variables.window}
        scope={scope}
        charts={charts.data}
        onPush={push}
        onBack={(n) => setDrill(drill.slice(0, n))}
        onClose={() => setDrill([])}
      />
    </div>
  );
}
