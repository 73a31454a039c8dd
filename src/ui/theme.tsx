/**
 * Colours: only the 16 ANSI names (usable on any terminal), and none at all under NO_COLOR /
 * --no-color. Meaning never rests on colour alone: badges carry words, selection uses inverse video.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { Text, type TextProps } from 'ink';

export type Tone = 'ok' | 'warn' | 'err' | 'info' | 'muted' | 'accent' | 'demo';

const TONES: Record<Tone, string> = {
  ok: 'green',
  warn: 'yellow',
  err: 'red',
  info: 'cyan',
  muted: 'gray',
  accent: 'blue',
  demo: 'magenta',
};

export interface Theme {
  color: boolean;
}

const ThemeContext = createContext<Theme>({ color: true });

export function ThemeProvider({ color, children }: { color: boolean; children: ReactNode }) {
  return <ThemeContext.Provider value={{ color }}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Text in a tone; plain (but still bold/dim/inverse when asked) without colours. */
export function T({ tone, children, ...rest }: { tone?: Tone; children?: ReactNode } & Omit<TextProps, 'color'>) {
  const { color } = useTheme();
  const c = tone && color ? TONES[tone] : undefined;
  const dim = tone === 'muted' && !color ? true : rest.dimColor;
  return <Text {...rest} color={c} dimColor={dim}>{children}</Text>;
}
