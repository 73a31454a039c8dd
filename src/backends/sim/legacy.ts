/**
 * The demo boxes' legacy `/usr/sbin/secubox` CLI (secubox-core): a few read commands with text in the shape the
 * real one prints ([INFO]/[OK]/[WARN] lines), so that `secubox diag health --demo` shows something real-looking.
 */
import type { SimBoxState } from './state.js';
import type { SimResult } from './uci.js';

const USAGE = `SecuBox CLI (DEMO)

Usage: secubox <command> [args]

Commands:
  app         Manage modules and AppStore
  feed        Manage catalog feed sources
  profile     Manage profiles and templates
  skill       Discover and manage skills
  feedback    Report issues / find resolutions
  device      Device information and management
  net         Network management
  diag        Diagnostics and health checks
  landing     Generate landing pages from vhosts
  clone       Station cloning
  master-link Mesh management (alias: mesh)
  ai          AI copilot (optional)
`;

export function legacySecubox(b: SimBoxState, args: readonly string[]): SimResult {
  const [group, sub] = args;
  const s = b.spec;
  const ok = (stdout: string): SimResult => ({ stdout, stderr: '', code: 0 });
  const running = [...b.services.entries()];
  switch (`${group ?? ''} ${sub ?? ''}`.trim()) {
    case 'device info':
    case 'device status':
      return ok(`Hostname: ${s.hostname}\nModel:    ${s.model}\nRelease:  OpenWrt ${s.release} ${s.revision}\nKernel:   ${s.kernel}\nUptime:   ${Math.floor(b.uptimeS() / 3600)}h\n`);
    case 'diag health':
    case 'diag': {
      const lines = running.map(([name, st]) => (st.running ? `[OK] ${name} running` : `[WARN] ${name} is not running`));
      const memPct = Math.round(100 * (1 - b.memAvailable() / s.memTotal));
      return ok(`[INFO] SecuBox health check (${s.hostname}, DEMO)\n${lines.join('\n')}\n[INFO] memory ${memPct}% used, disk ${Math.round((100 * s.diskUsed) / s.diskTotal)}% used\n`);
    }
    case 'net status':
      return ok('[INFO] WAN: up (eth0)\n[INFO] LAN: 192.168.255.1/24\n');
    case 'master-link peers':
    case 'mesh peers':
      return ok(s.peers.map((p) => `${p.name}\t${p.address}\t${p.status}`).join('\n') + (s.peers.length ? '\n' : ''));
    case 'app list':
      return ok(running.map(([name, st]) => `${name.padEnd(24)} ${st.enabled ? 'enabled ' : 'disabled'} ${st.running ? 'running' : 'stopped'}`).join('\n') + '\n');
    case '':
    case 'help':
      return ok(USAGE);
    default:
      // the real CLI's habit: an unknown sub-command prints usage and still exits 0
      return { stdout: USAGE, stderr: `[ERROR] ${group}${sub ? ` ${sub}` : ''}: not available on the DEMO box\n`, code: 0 };
  }
}
