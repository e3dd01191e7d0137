import type { ChartPalette } from './palette';
import type { ChartOption } from './types';

/**
 * What every chart shares: the theme's text, grid lines and tooltip, no animation (figures, not a show: a
 * screenshot or a reader sees the final chart at once). Option builders spread this first.
 */
export function baseOption(p: ChartPalette): ChartOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    color: p.series,
    textStyle: { color: p.text, fontFamily: p.font, fontSize: 12 },
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text, fontFamily: p.font, fontSize: 12 },
      confine: true,
    },
  };
}

/** A value axis in the theme: muted labels, light grid lines. */
export function axisStyle(p: ChartPalette) {
  return {
    axisLine: { lineStyle: { color: p.border } },
    axisTick: { lineStyle: { color: p.border } },
    axisLabel: { color: p.muted, hideOverlap: true },
    splitLine: { lineStyle: { color: p.border, opacity: 0.6 } },
    nameTextStyle: { color: p.muted },
  };
}

/** A legend in the theme, below the plot. */
export function legendStyle(p: ChartPalette) {
  return { bottom: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8, textStyle: { color: p.text }, inactiveColor: p.border };
}
