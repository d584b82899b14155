// ECharts, tree-shaken: only the charts and components the monitoring page and the run page (curves, a sweep's
// parallel coordinates) draw, rendered as SVG (crisp at any zoom, text selectable, and readable by tests). Loaded on the client only, by `Chart` (chart.tsx).
import { BarChart, HeatmapChart, LineChart, ParallelChart } from 'echarts/charts';
import {
  AriaComponent, GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, BarChart, LineChart, ParallelChart, ParallelComponent, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export { echarts };
