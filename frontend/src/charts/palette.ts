/** The colours and font a chart draws with: the console's CSS variables, so charts follow the light or dark theme. */
export interface ChartPalette {
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  danger: string;
  success: string;
  /** One colour per series, in order (`--chart-0` …). */
  series: string[];
  font: string;
}

/** The light theme's values, for when the stylesheet is not loaded (unit tests). */
export const LIGHT_PALETTE: ChartPalette = {
  text: '#1b1f27',
  muted: '#5a6272',
  border: '#d9dde5',
  surface: '#ffffff',
  accent: '#2f5bd3',
  danger: '#b42318',
  success: '#1e7a3c',
  series: ['#2f5bd3', '#0f8a7e', '#b5522b', '#7a4cc2', '#8a6d00', '#5a6272'],
  font: 'system-ui, sans-serif',
};

/** Reads the palette from the CSS variables in styles.css as they resolve now (light or dark). */
export function readPalette(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>): ChartPalette {
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', LIGHT_PALETTE.text),
    muted: v('--text-muted', LIGHT_PALETTE.muted),
    border: v('--border', LIGHT_PALETTE.border),
    surface: v('--surface', LIGHT_PALETTE.surface),
    accent: v('--accent', LIGHT_PALETTE.accent),
    danger: v('--danger', LIGHT_PALETTE.danger),
    success: v('--success', LIGHT_PALETTE.success),
    series: LIGHT_PALETTE.series.map((c, i) => v(`--chart-${i}`, c)),
    font: v('--font', LIGHT_PALETTE.font),
  };
}

/** The n-th series colour, wrapping around the palette. */
export const seriesColour = (p: ChartPalette, i: number): string => p.series[i % p.series.length]!;
