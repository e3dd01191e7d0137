// The one place ECharts is assembled: only the chart types, components and renderer the console draws, so the
// chunk that carries them stays small. Imported only by chart components, which pages load asynchronously.
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
// SVG rather than canvas: real elements that happy-dom can hold and e2e tests can find, crisp screenshots at
// any zoom, and for a few small charts a page it costs less memory than a canvas each.
import { SVGRenderer } from 'echarts/renderers';
import VChart from 'vue-echarts';

use([LineChart, ScatterChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export default VChart;
