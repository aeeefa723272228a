// The parts of Apache ECharts that npm/charts.js draws with. build.sh bundles this file with
// esbuild into the package's echarts.js, so the page loads these chart types alone rather than
// the whole library, from its own origin (no CDN). Canvas rendering: it keeps a scatter of
// 100,000 customers fast and needs nothing the page's Content Security Policy forbids.
import { use } from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  SankeyChart,
  ScatterChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { getInstanceByDom, init } from 'echarts/core';
