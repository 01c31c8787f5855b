import { useMemo } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
  DataZoomComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  GraphChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type ChartClick = { seriesType?: string; dataType?: string; data?: unknown; dataIndex: number; name?: string; value?: unknown };

/** Readable on a projector: large type, the agency's palette. */
export const BASE_TEXT = { fontSize: 14, fontFamily: 'inherit' };
export const PALETTE = ['#1f5fae', '#2f9e7a', '#d4a017', '#c0392b', '#7b5ea7', '#e67e22', '#16a2b8', '#5d6d7e'];

interface Props {
  option: EChartsCoreOption;
  height: number;
  testId: string;
  /** PNG file name (the toolbox's save button). */
  fileName: string;
  onClick?: (e: ChartClick) => void;
}

/** One ECharts chart (modular build), with "save as PNG" and click-to-drill. */
export default function Chart({ option, height, testId, fileName, onClick }: Props) {
  const full = useMemo<EChartsCoreOption>(
    () => ({
      color: PALETTE,
      textStyle: BASE_TEXT,
      animation: false,
      toolbox: {
        right: 8,
        top: 0,
        feature: { saveAsImage: { name: fileName, pixelRatio: 2, backgroundColor: '#fff', title: 'PNG' } },
      },
      ...option,
    }),
    [option, fileName],
  );
  const events = useMemo(() => (onClick ? { click: (e: ChartClick) => onClick(e) } : undefined), [onClick]);
  return (
    <div data-testid={testId} style={{ cursor: onClick ? 'pointer' : undefined }}>
      <ReactEChartsCore
        echarts={echarts}
        option={full}
        style={{ height, width: '100%' }}
        notMerge
        lazyUpdate
        onEvents={events}
        onChartReady={(chart) => {
          // The end-to-end tests find a data point's pixel through the instance.
          (chart.getDom() as HTMLElement & { __xnChart?: unknown }).__xnChart = chart;
        }}
      />
    </div>
  );
}
