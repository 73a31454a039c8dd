/**
 * An init-service action from the TUI (box screen, subsystem screen, `:service NAME ACTION`): a confirmation
 * naming the box, then the same core function as `secubox service NAME ACTION` (the state is read back,
 * the exit code not trusted), and the verified result in a toast.
 */
import type { ServiceAction } from '../backends/types.js';
import { describeServiceResult, serviceAction } from '../core/services.js';
import type { Services } from './services.js';

export async function confirmServiceAction(svc: Services, box: string, name: string, action: ServiceAction): Promise<void> {
  if (svc.readOnly) { svc.toast(`read-only: service ${action} is disabled`, 'warn'); return; }
  const ok = await svc.confirm({
    action: `${action[0]!.toUpperCase()}${action.slice(1)} service`, target: name, box,
    details: [`/etc/init.d/${name} ${action}`], danger: action === 'stop' || action === 'disable',
  });
  if (!ok) return;
  try {
    svc.toast(`${name}: ${action} on ${box}…`, 'muted');
    const api = await svc.session.open(box);
    const r = await serviceAction(api, name, action);
    svc.toast(describeServiceResult(r), r.ok ? (r.verified ? 'ok' : 'warn') : 'err');
  } catch (err) {
    svc.toast(`${name}: ${action} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, 'err');
  }
}
