import { onBeforeUnmount, onMounted, type Ref, shallowRef } from 'vue';
import { type ChartPalette, readPalette } from '../charts/palette';

const DARK = '(prefers-color-scheme: dark)';

/** The chart palette of the theme in force, read again when the system switches between light and dark. */
export function useChartPalette(): Ref<ChartPalette> {
  const read = () => readPalette(getComputedStyle(document.documentElement));
  const palette = shallowRef(read());
  const query = typeof matchMedia === 'function' ? matchMedia(DARK) : null;
  const update = () => (palette.value = read());
  onMounted(() => query?.addEventListener('change', update));
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return palette;
}
