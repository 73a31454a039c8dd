/** A small chart of recent values, drawn with block characters (no canvas, no blessed). */
import { Text } from 'ink';
import { T, type Tone } from './theme.js';

const BARS = '▁▂▃▄▅▆▇█';

/** Pure: the last `width` values as bar characters scaled between `min` (default 0) and the max seen. */
export function sparkline(values: readonly number[], width: number, opts: { min?: number; max?: number } = {}): string {
  const vs = values.filter((v) => Number.isFinite(v)).slice(-Math.max(0, width));
  if (vs.length === 0) return '';
  const lo = opts.min ?? 0;
  const hi = Math.max(opts.max ?? Math.max(...vs), lo + 1e-9);
  return vs.map((v) => {
    const r = (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo);
    return BARS[Math.min(BARS.length - 1, Math.round(r * (BARS.length - 1)))];
  }).join('');
}

export function Sparkline({ values, width, tone = 'info', max }: { values: readonly number[]; width: number; tone?: Tone; max?: number }) {
  const s = sparkline(values, width, { max });
  if (!s) return <T tone="muted">{'·'.repeat(Math.min(width, 3))}</T>;
  return <Text><T tone={tone}>{s}</T></Text>;
}
