import { useMemo } from 'react';
import { formatFen } from './policy-format.ts';
import type { WhatIfResult } from './policy-whatif.types.ts';
import { useECharts, type BarChartOption } from './use-echarts.ts';

/** Baseline vs overlay totals by benefit, in 元. */
export default function ComparisonChart({ result }: { result: WhatIfResult }) {
  const option = useMemo<BarChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => formatFen(Math.round(Number(value) * 100)),
      },
      legend: { data: ['现行政策', '调整后'], top: 0 },
      grid: { left: 16, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: {
        type: 'category',
        data: result.benefits.map((b) => b.label),
        axisLabel: { interval: 0, width: 90, overflow: 'break', fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        name: '金额（元）',
        axisLabel: { formatter: (value: number) => value.toLocaleString('zh-CN') },
      },
      series: [
        {
          name: '现行政策',
          type: 'bar',
          barMaxWidth: 48,
          data: result.benefits.map((b) => b.baseline.totalFen / 100),
          itemStyle: { color: '#8c8c8c' },
        },
        {
          name: '调整后',
          type: 'bar',
          barMaxWidth: 48,
          data: result.benefits.map((b) => b.overlay.totalFen / 100),
          itemStyle: { color: '#1677ff' },
        },
      ],
    }),
    [result],
  );
  const ref = useECharts(option);
  return (
    <div ref={ref} style={{ width: '100%', height: 340 }} aria-label="现行与调整后金额对比图" role="img" />
  );
}
