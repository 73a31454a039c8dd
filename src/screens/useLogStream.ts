/** Streams `logread -e <tag>` through core/logs (polled on the box), keeping the last N lines; stops on unmount. */
import { useEffect, useRef, useState } from 'react';
import type { Session } from '../core/session.js';
import { streamLogs, subsystemLogs } from '../core/logs.js';
import type { Subsystem } from '../registry/index.js';

export interface LogStream {
  lines: readonly string[];
  error: string | undefined;
  source: string;
}

export function useLogStream(session: Session, box: string, sub: Subsystem, active: boolean, max = 2000): LogStream {
  const [lines, setLines] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const buf = useRef<string[]>([]);
  const source = sub.logTag ? `logread -e ${sub.logTag}` : sub.logsMethod ? `ubus call ${sub.logsMethod.object} ${sub.logsMethod.method}` : '';
  useEffect(() => {
    if (!active || !source) return;
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const flush = () => { timer = undefined; setLines([...buf.current]); };
    const push = (text: string) => {
      buf.current.push(text);
      if (buf.current.length > max) buf.current.splice(0, buf.current.length - max);
      timer ??= setTimeout(flush, 150);
    };
    const fail = (err: unknown) => { if (!ac.signal.aborted) setError(err instanceof Error ? err.message.split('\n')[0] : String(err)); };
    (async () => {
      const api = await session.open(box);
      if (sub.logTag) {
        await streamLogs(api, sub.logTag, { signal: ac.signal, onLine: (l) => push(l.text), onError: fail, initialLines: 200 });
      } else if (sub.logsMethod) {
        for (const l of await subsystemLogs(api, sub.logsMethod.object, sub.logsMethod.method, { lines: 200, signal: ac.signal })) push(l.text);
      }
    })().catch(fail);
    return () => { ac.abort(); if (timer) clearTimeout(timer); };
  }, [session, box, sub, active, source, max]);
  return { lines, error, source };
}
