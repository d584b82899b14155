'use client';
// One ECharts chart in a div: initialised once the library has loaded (client only), given a new option when
// its data or the colour scheme change (not merged: the option is the whole chart), resized with its box.
import type { EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export type ChartOption = Record<string, unknown>;

export interface ChartProps {
  option: ChartOption | null;
  height: number;
  /** What the chart shows, for screen readers (the chart itself is an image to them). */
  label: string;
  testId?: string;
  /** A click on a data item: its series and data index. */
  onItemClick?: (item: { seriesIndex: number; dataIndex: number; value: unknown }) => void;
}

export function Chart({ option, height, label, testId, onItemClick }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    let disposed = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    void import('./echarts').then(({ echarts }) => {
      if (disposed || !box.current) return;
      instance = echarts.init(box.current, null, { renderer: 'svg' });
      instance.on('click', (p) => {
        const e = p as { seriesIndex?: number; dataIndex?: number; value?: unknown };
        if (e.seriesIndex !== undefined && e.dataIndex !== undefined) click.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex, value: e.value });
      });
      observer = new ResizeObserver(() => instance?.resize());
      observer.observe(box.current);
      setChart(instance);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    if (chart && option) chart.setOption(option, { notMerge: true });
  }, [chart, option]);

  useEffect(() => {
    chart?.resize();
  }, [chart, height]);

  return (
    <div
      ref={box}
      className="monitor-chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-ready={chart && option ? 'true' : undefined}
      style={{ height }}
    />
  );
}
