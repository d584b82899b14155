// ECharts, tree-shaken: only the charts and components the monitoring page draws, rendered as SVG (crisp at any
// zoom, text selectable, and readable by tests). Loaded on the client only, by `Chart` (chart.tsx).
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, BarChart, LineChart, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export { echarts };
