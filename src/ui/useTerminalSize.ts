/** Columns and rows of the output, following resizes. */
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export function useTerminalSize(fallback: { columns: number; rows: number } = { columns: 80, rows: 24 }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = () => setSize((s) => {
      const n = read();
      return n.columns === s.columns && n.rows === s.rows ? s : n;
    });
    stdout.on('resize', on);
    return () => { stdout.off('resize', on); };
  }, [stdout]);
  return size;
}
