/** Local validation of ubus object / method names (before anything is sent to a box). */
import { UsageError } from '../../lib/errors.js';

export function checkObjectName(name: string, allowGlob = false): string {
  const re = allowGlob ? /^[A-Za-z0-9_.*-]+$/ : /^[A-Za-z0-9_.-]+$/;
  if (!re.test(name) || name.startsWith('-')) {
    throw new UsageError(`"${name}" is not a ubus object name`, 'see `secubox ubus list` for the objects of a box');
  }
  return name;
}

export function checkMethodName(object: string, name: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('-')) {
    throw new UsageError(`"${name}" is not a ubus method name`, `see \`secubox ubus list ${object}\` for its methods`);
  }
  return name;
}
