// The ECharts option of loss curves by epoch: one line per series (a run's training or validation loss), on a
// log scale when the positive values span more than a factor of 10 so the tail shows. The run page and the
// compare page draw it.
import type { ChartOption } from '../monitoring/chart';
import type { Palette } from '../monitoring/palette';

export interface CurveSeries {
  name: string;
  points: Array<[number, number]>;
  dashed?: boolean;
  /** Index into the palette's series colours (default: the series' position). */
  colour?: number;
}

/** Colours for up to eight runs or series, from the app's palette. */
export const seriesColours = (p: Palette) => [p.accent, p.stop, p.good, p.cached, p.wait, p.bad, p.muted, p.fg];

export function curvesOption(series: CurveSeries[], p: Palette): ChartOption {
  const values = series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => Number.isFinite(y));
  const log = values.length > 0 && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) > 10;
  const colours = seriesColours(p);
  const axisText = { color: p.muted, fontSize: 11 };
  return {
    animation: false,
    textStyle: { fontFamily: p.font },
    // The legend below the axis (a compare page may name eight series), scrolling when it does not fit one line.
    grid: { left: 56, right: 16, top: 24, bottom: 64 },
    legend: { type: 'scroll', bottom: 0, textStyle: { color: p.fg, fontSize: 11 }, itemHeight: 8 },
    tooltip: { trigger: 'axis', confine: true, backgroundColor: p.bg, borderColor: p.border, textStyle: { color: p.fg, fontSize: 12 } },
    xAxis: {
      type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, nameTextStyle: axisText, axisLabel: axisText,
      minInterval: 1, axisLine: { lineStyle: { color: p.border } }, splitLine: { show: false },
    },
    yAxis: {
      type: log ? 'log' : 'value', name: log ? 'loss (log)' : 'loss', nameTextStyle: axisText, axisLabel: axisText, scale: !log,
      splitLine: { lineStyle: { color: p.borderSoft } },
    },
    series: series.map((s, i) => ({
      name: s.name, type: 'line', showSymbol: s.points.length < 30, symbolSize: 4, data: s.points,
      lineStyle: { width: 1.5, type: s.dashed ? 'dashed' : 'solid', color: colours[(s.colour ?? i) % colours.length] },
      itemStyle: { color: colours[(s.colour ?? i) % colours.length] },
    })),
  };
}
