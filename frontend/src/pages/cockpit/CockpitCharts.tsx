import { useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CockpitChartsQuery } from '../../graphql/graphql';
import Chart, { BASE_TEXT } from './Chart';
import { utilizationHistogram, type DrillLevel } from './window';
import styles from './cockpit.module.css';

interface Props {
  data: CockpitChartsQuery | undefined;
  fetching: boolean;
  onDrill: (l: DrillLevel) => void;
}

const RED = '#c0392b';
const AMBER = '#d4a017';
const BLUE = '#1f5fae';
const GREEN = '#2f9e7a';

function ChartCard({ title, extra, children, id }: { title: string; extra?: string; children: React.ReactNode; id?: string }) {
  return (
    <Card
      id={id}
      size="small"
      className={styles.chartCard}
      title={title}
      extra={extra ? <Typography.Text type="secondary">{extra}</Typography.Text> : undefined}
    >
      {children}
    </Card>
  );
}

/** The cockpit's charts; a click on any mark opens its drill-down. */
export default function CockpitCharts({ data, fetching, onDrill }: Props) {
  const { t } = useTranslation();
  const o = useMemo(() => (data ? buildOptions(data, t) : null), [data, t]);
  if (!data || !o) {
    return (
      <Row gutter={[16, 16]}>
        {Array.from({ length: 4 }, (_, k) => (
          <Col key={k} xs={24} xl={12}>
            <Card size="small">{fetching ? <Skeleton active paragraph={{ rows: 8 }} /> : <Empty />}</Card>
          </Col>
        ))}
      </Row>
    );
  }
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cockpit.noData')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <ChartCard title={t('cockpit.chart.heatmap')} extra={t('cockpit.chart.heatmapHint')}>
          {o.heatRows.length ? (
            <Chart
              testId="chart-heatmap"
              fileName={t('cockpit.chart.heatmap')}
              height={Math.max(260, 60 + o.heatRows.length * 30)}
              option={o.heatmap}
              onClick={(e) => {
                const v = e.value as [number, number, number] | undefined;
                const row = v ? o.heatRows[v[1]] : undefined;
                if (row) onDrill({ kind: 'dept', id: row.department.id });
              }}
            />
          ) : (
            empty
          )}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('cockpit.chart.distribution')} extra={t('cockpit.chart.distributionHint')}>
          <Chart
            testId="chart-distribution"
            fileName={t('cockpit.chart.distribution')}
            height={340}
            option={o.distribution}
            onClick={(e) => onDrill({ kind: 'util', id: `${e.dataIndex * 10}-${e.dataIndex * 10 + 10}` })}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('cockpit.chart.few')} extra={t('cockpit.chart.fewHint')}>
          <Chart
            testId="chart-few"
            fileName={t('cockpit.chart.few')}
            height={340}
            option={o.few}
            onClick={(e) => {
              const s = o.topStaff[e.dataIndex];
              if (s) onDrill({ kind: 'staff', id: s.staff.id });
            }}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('cockpit.chart.leadShare')} extra={t('cockpit.chart.leadShareHint')}>
          {o.leadRows.length ? (
            <Chart
              testId="chart-lead"
              fileName={t('cockpit.chart.leadShare')}
              height={Math.max(260, 50 + o.leadRows.length * 28)}
              option={o.lead}
              onClick={(e) => {
                const r = o.leadRows[e.dataIndex];
                if (r) onDrill({ kind: 'dept', id: r.department.id });
              }}
            />
          ) : (
            empty
          )}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('cockpit.chart.flow')} extra={t('cockpit.chart.flowHint')}>
          {o.flowCount ? (
            <Chart
              testId="chart-flow"
              fileName={t('cockpit.chart.flow')}
              height={Math.max(260, 50 + o.leadRows.length * 28, 380)}
              option={o.flow}
              onClick={(e) => {
                if (e.dataType === 'node') {
                  const id = (e.data as { id?: string } | undefined)?.id;
                  if (id) onDrill({ kind: 'pingpong', id });
                } else onDrill({ kind: 'pingpong', id: 'all' });
              }}
            />
          ) : (
            empty
          )}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('cockpit.chart.meeting')} extra={t('cockpit.chart.meetingHint')}>
          <Chart
            testId="chart-meeting"
            fileName={t('cockpit.chart.meeting')}
            height={Math.max(260, 50 + o.meetingRows.length * 28)}
            option={o.meeting}
            onClick={(e) => {
              const r = o.meetingRows[e.dataIndex];
              if (r) onDrill({ kind: 'dept', id: r.department.id });
            }}
          />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12} id="satisfaction">
        <ChartCard title={t('cockpit.chart.ranking')} extra={t('cockpit.chart.rankingHint')}>
          {o.rankRows.length ? (
            <Chart
              testId="chart-ranking"
              fileName={t('cockpit.chart.ranking')}
              height={Math.max(260, 50 + o.rankRows.length * 28)}
              option={o.ranking}
              onClick={(e) => {
                const r = o.rankRows[e.dataIndex];
                if (r?.department) onDrill({ kind: 'ratings', id: r.department.id });
              }}
            />
          ) : (
            empty
          )}
        </ChartCard>
      </Col>
      <Col xs={24}>
        <ChartCard title={t('cockpit.chart.trend')} extra={t('cockpit.chart.trendHint')}>
          {o.trendCount ? (
            <Chart
              testId="chart-trend"
              fileName={t('cockpit.chart.trend')}
              height={360}
              option={o.trend}
              onClick={(e) => {
                const d = o.trendDepts[(e as { seriesIndex?: number }).seriesIndex ?? -1];
                if (d) onDrill({ kind: 'ratings', id: d.department.id });
              }}
            />
          ) : (
            empty
          )}
        </ChartCard>
      </Col>
    </Row>
  );
}

type T = (k: string, o?: Record<string, unknown>) => string;

function buildOptions(d: CockpitChartsQuery, t: T) {
  const pctFmt = (v: number) => `${Math.round(v * 100)}%`;
  const axisLabel = { fontSize: 13 };

  // 1. department × week load heatmap (utilization of each week's capacity)
  const weeks = d.loadSeries.weeks;
  const heatRows = d.loadSeries.rows;
  const heatData: [number, number, number][] = [];
  heatRows.forEach((r, y) =>
    r.cells.forEach((c) => heatData.push([c.week, y, c.utilization == null ? 0 : Math.round(c.utilization * 100) / 100])),
  );
  const heatmap = {
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const r = heatRows[p.value[1]];
        const c = r?.cells.find((x) => x.week === p.value[0]);
        return `${r?.department.name}<br/>${weeks[p.value[0]]?.label}<br/>${t('cockpit.utilization')}：${pctFmt(p.value[2])}${c ? `<br/>${t('cockpit.load')}：${c.load.toFixed(0)} / ${c.capacity.toFixed(0)} h` : ''}`;
      },
    },
    grid: { left: 150, right: 70, top: 30, bottom: 50 },
    xAxis: { type: 'category', data: weeks.map((w) => w.label.replace(/^\d{4}-/, '')), axisLabel, splitArea: { show: true } },
    yAxis: { type: 'category', data: heatRows.map((r) => r.department.name), axisLabel, inverse: true },
    visualMap: {
      min: 0,
      max: 1.5,
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'center',
      formatter: (v: number) => pctFmt(v),
      inRange: { color: ['#eef3fa', '#9ec3e6', '#f5d76e', '#e67e22', RED] },
      textStyle: BASE_TEXT,
    },
    series: [
      {
        type: 'heatmap',
        data: heatData,
        label: { show: weeks.length <= 16, formatter: (p: { value: [number, number, number] }) => Math.round(p.value[2] * 100), fontSize: 11 },
        emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
      },
    ],
  };

  // 2. utilization distribution with the idle and overloaded bands
  const utils = d.workload.staff.flatMap((s) => (s.utilization == null ? [] : [s.utilization]));
  const bins = utilizationHistogram(utils);
  const labels = bins.map((_, i) => (i === bins.length - 1 ? '≥200%' : `${i * 10}%`));
  const distribution = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 50, right: 20, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: labels, axisLabel: { ...axisLabel, interval: 1 }, name: t('cockpit.utilization'), nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'value', name: t('cockpit.people'), minInterval: 1, axisLabel },
    series: [
      {
        type: 'bar',
        name: t('cockpit.people'),
        data: bins.map((v, i) => ({ value: v, itemStyle: { color: i < 5 ? AMBER : i >= 11 ? RED : BLUE } })),
        barCategoryGap: '15%',
        markArea: {
          silent: true,
          label: { fontSize: 13 },
          data: [
            [{ name: t('cockpit.idleBand'), xAxis: labels[0], itemStyle: { color: 'rgba(212,160,23,0.10)' } }, { xAxis: labels[4] }],
            [{ name: t('cockpit.overBand'), xAxis: labels[11], itemStyle: { color: 'rgba(192,57,43,0.10)' } }, { xAxis: labels[20] }],
          ],
        },
      },
    ],
  };

  // 3. the few who carry the load: top 15 by load
  const topStaff = [...d.workload.staff].sort((a, b) => b.load - a.load).slice(0, 15).reverse();
  const few = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const s = topStaff[ps[0]?.dataIndex ?? 0];
        return s ? `${s.staff.name} · ${s.department.name}<br/>${t('cockpit.load')}：${s.load.toFixed(0)} h / ${s.capacity.toFixed(0)} h<br/>${t('cockpit.utilization')}：${s.utilization == null ? '—' : pctFmt(s.utilization)}` : '';
      },
    },
    legend: { top: 0, left: 0, textStyle: BASE_TEXT },
    grid: { left: 120, right: 30, top: 36, bottom: 30 },
    xAxis: { type: 'value', name: 'h', axisLabel },
    yAxis: { type: 'category', data: topStaff.map((s) => `${s.staff.name}（${s.department.name.slice(0, 6)}）`), axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'bar',
        name: t('cockpit.load'),
        data: topStaff.map((s) => ({ value: Math.round(s.load), itemStyle: { color: s.flag === 'OVERLOADED' ? RED : BLUE } })),
      },
      { type: 'bar', name: t('cockpit.capacity'), data: topStaff.map((s) => Math.round(s.capacity)), itemStyle: { color: '#cfd8e3' }, barGap: '-100%', z: -1 },
    ],
  };

  // 4. lead share per lead department with the two flags
  const leadRows = [...d.leadShare.departments].sort((a, b) => a.leadShare - b.leadShare);
  const lead = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const r = leadRows[ps[0]?.dataIndex ?? 0];
        return r ? `${r.department.name}<br/>${t('cockpit.leadShare')}：${pctFmt(r.leadShare)}<br/>${t('cockpit.taskCount', { count: r.taskCount })}${r.flag ? `<br/><b>${t(`leadFlag.${r.flag}`)}</b>` : ''}` : '';
      },
    },
    grid: { left: 150, right: 40, top: 30, bottom: 30 },
    xAxis: { type: 'value', max: 1, axisLabel: { ...axisLabel, formatter: pctFmt } },
    yAxis: { type: 'category', data: leadRows.map((r) => r.department.name), axisLabel },
    series: [
      {
        type: 'bar',
        data: leadRows.map((r) => ({ value: r.leadShare, itemStyle: { color: r.flag ? RED : BLUE } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => pctFmt(p.value), fontSize: 12 },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: AMBER, type: 'dashed', width: 2 },
          label: { formatter: '{b}', fontSize: 12 },
          data: [
            { xAxis: 0.15, name: t('leadFlag.LEADS_WITHOUT_DOING') },
            { xAxis: 0.85, name: t('leadFlag.DOES_IT_ALL') },
          ],
        },
      },
    ],
  };

  // 5. transfers between departments (a directed graph: ping-pongs make cycles, which a sankey cannot draw)
  const names = new Map<string, string>();
  const degree = new Map<string, number>();
  for (const p of d.buckPassing.pairs) {
    names.set(p.from.id, p.from.name);
    names.set(p.to.id, p.to.name);
    degree.set(p.from.id, (degree.get(p.from.id) ?? 0) + p.count);
    degree.set(p.to.id, (degree.get(p.to.id) ?? 0) + p.count);
  }
  const maxCount = Math.max(1, ...d.buckPassing.pairs.map((p) => p.count));
  const flow = {
    tooltip: {
      formatter: (p: { dataType: string; data: { source?: string; target?: string; value?: number; pingPongs?: number; name?: string } }) =>
        p.dataType === 'edge'
          ? `${names.get(p.data.source ?? '')} → ${names.get(p.data.target ?? '')}<br/>${t('cockpit.transfers', { count: p.data.value })}${p.data.pingPongs ? `<br/>${t('cockpit.pingPongs', { count: p.data.pingPongs })}` : ''}`
          : `${p.data.name}`,
    },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: false },
        roam: true,
        label: { show: true, fontSize: 13, position: 'right' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 10,
        data: [...names].map(([id, name]) => ({
          id,
          name,
          symbolSize: 12 + Math.sqrt(degree.get(id) ?? 1) * 4,
          itemStyle: { color: BLUE },
        })),
        links: d.buckPassing.pairs.map((p) => ({
          source: p.from.id,
          target: p.to.id,
          value: p.count,
          pingPongs: p.pingPongs,
          lineStyle: { width: 1 + (p.count / maxCount) * 7, color: p.pingPongs > 0 ? RED : '#7f8fa6', curveness: 0.2, opacity: 0.8 },
        })),
        emphasis: { focus: 'adjacency', lineStyle: { width: 8 } },
      },
    ],
  };

  // 6. meeting and ledger share per department
  const meetingRows = [...d.meetingShare.departments].filter((r) => r.totalHours > 0).sort((a, b) => (a.share ?? 0) - (b.share ?? 0));
  const meeting = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => pctFmt(v) },
    legend: { top: 0, left: 0, textStyle: BASE_TEXT },
    grid: { left: 150, right: 30, top: 36, bottom: 30 },
    xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: pctFmt } },
    yAxis: { type: 'category', data: meetingRows.map((r) => r.department.name), axisLabel },
    series: [
      { type: 'bar', stack: 's', name: t('taskKind.MEETING'), data: meetingRows.map((r) => r.meetingShare ?? 0), itemStyle: { color: '#7b5ea7' } },
      { type: 'bar', stack: 's', name: t('taskKind.LEDGER'), data: meetingRows.map((r) => r.ledgerShare ?? 0), itemStyle: { color: '#e67e22' } },
    ],
  };

  // 7. satisfaction ranking (withheld departments left out: fewer than 3 raters)
  const rankRows = d.satisfaction.departments
    .filter((r) => !r.withheld && r.meanScore != null && r.department)
    .sort((a, b) => (a.meanScore ?? 0) - (b.meanScore ?? 0));
  const talk = new Set(d.satisfactionSeries.departments.filter((x) => x.talk).map((x) => x.department.id));
  const ranking = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const r = rankRows[ps[0]?.dataIndex ?? 0];
        return r ? `${r.department?.name}<br/>${t('cockpit.meanScore')}：${(r.meanScore ?? 0).toFixed(2)}<br/>${t('cockpit.card.satisfaction')}：${pctFmt(r.satisfactionRate ?? 0)}<br/>${t('cockpit.ratingCount', { count: r.ratingCount ?? 0, bad: r.badRatings ?? 0 })}` : '';
      },
    },
    grid: { left: 150, right: 50, top: 20, bottom: 30 },
    xAxis: { type: 'value', min: 1, max: 5, axisLabel },
    yAxis: {
      type: 'category',
      data: rankRows.map((r) => (talk.has(r.department!.id) ? `⚠ ${r.department!.name}` : r.department!.name)),
      axisLabel,
    },
    series: [
      {
        type: 'bar',
        data: rankRows.map((r, i) => ({
          value: Math.round((r.meanScore ?? 0) * 100) / 100,
          itemStyle: { color: talk.has(r.department!.id) || i === 0 ? RED : (r.meanScore ?? 0) >= 4 ? GREEN : BLUE },
        })),
        label: { show: true, position: 'right', fontSize: 12 },
      },
    ],
  };

  // 8. monthly satisfaction trend per department
  const months = d.satisfactionSeries.months;
  const trendDepts = d.satisfactionSeries.departments.filter((x) => x.months.some((m) => !m.withheld && m.meanScore != null));
  const trend = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v == null ? '—' : v.toFixed(2)) },
    legend: { type: 'scroll', top: 0, textStyle: BASE_TEXT },
    grid: { left: 50, right: 30, top: 50, bottom: 40 },
    xAxis: { type: 'category', data: months.map((m) => m.label), axisLabel },
    yAxis: { type: 'value', min: 1, max: 5, name: t('cockpit.meanScore'), axisLabel },
    series: trendDepts.map((x) => ({
      type: 'line',
      name: x.department.name,
      connectNulls: false,
      symbolSize: 8,
      lineStyle: { width: x.talk ? 4 : 2 },
      data: months.map((m) => {
        const v = x.months.find((y) => y.month === m.index);
        return v && !v.withheld && v.meanScore != null ? Math.round(v.meanScore * 100) / 100 : null;
      }),
    })),
  };

  return {
    heatmap,
    heatRows,
    distribution,
    few,
    topStaff,
    lead,
    leadRows,
    flow,
    flowCount: d.buckPassing.pairs.length,
    meeting,
    meetingRows,
    ranking,
    rankRows,
    trend,
    trendDepts,
    trendCount: trendDepts.length,
  };
}
