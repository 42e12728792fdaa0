/**
 * One ECharts chart as a Preact component. Only the chart types and components the pages use
 * are registered, which keeps the bundle well under half of full ECharts.
 */
import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

use([BarChart, LineChart, ScatterChart, CustomChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export function EChart({ option, height, testId }: { option: EChartsCoreOption; height: number; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    const el = box.current!;
    chart.current = init(el, null, { renderer: 'canvas' });
    // grid cells change width with the window and with the tablet's rotation
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // notMerge: a category or organisation that disappears must not linger from the last option
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} class="chart" style={{ height: `${height}px` }} data-testid={testId} />;
}
