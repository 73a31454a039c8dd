/**
 * The demo box's "shell": interprets the argv forms the tool sends (never a shell string):
 * ubus, uci, /etc/init.d/<svc>, logread, cat, head, df, ls, uname, test, grep, and the two fixed
 * `sh -c` scripts of the Box API (uci apply, file write). Anything else: `not found`, exit 127.
 */
import { UCI_APPLIED_TOKEN, UCI_APPLY_SCRIPT } from '../uciApi.js';
import type { SimBoxState } from './state.js';
import { legacySecubox } from './legacy.js';
import { ubusCall, ubusList } from './ubus.js';
import type { SimResult } from './uci.js';

const ok = (stdout = ''): SimResult => ({ stdout, stderr: '', code: 0 });
const err = (stderr: string, code = 1): SimResult => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });

const SBIN = ['dropbear', 'haproxyctl', 'identityctl', 'logread', 'metablogizerctl', 'mitmproxyctl', 'secubox', 'secubox-exposure', 'secubox-p2p', 'torctl', 'uci', 'ubus', 'vortexctl', 'dnsctl', 'crowdsec-reporter.sh'];
const USR_BIN = ['cscli', 'jsonfilter', 'p2p-intelctl'];

const BASE_INIT = ['boot', 'cron', 'done', 'dropbear', 'firewall', 'gpio_switch', 'led', 'log', 'network', 'odhcpd', 'rpcd', 'sysctl', 'sysntpd', 'system', 'ucitrack', 'umount', 'urandom_seed'];

function initScripts(b: SimBoxState): string[] {
  return [...new Set([...BASE_INIT, ...b.services.keys()])].sort();
}

function rcd(b: SimBoxState): string[] {
  const out: string[] = [];
  for (const [i, name] of initScripts(b).entries()) {
    const s = b.services.get(name);
    if (!s || s.enabled) out.push(`S${String(10 + i).padStart(2, '0')}${name}`, `K${String(90 - i).padStart(2, '0')}${name}`);
  }
  return out.sort();
}

function service(b: SimBoxState, name: string, action: string | undefined): SimResult {
  const s = b.services.get(name);
  if (!initScripts(b).includes(name)) return err(`sh: /etc/init.d/${name}: not found`, 127);
  if (!s) return action === 'enabled' || action === 'running' ? ok() : ok();
  switch (action) {
    case 'start': s.running = true; b.syslog('daemon.notice', `procd: ${name}: started (DEMO)`); return ok();
    case 'stop': s.running = false; b.syslog('daemon.notice', `procd: ${name}: stopped (DEMO)`); return ok();
    case 'restart': case 'reload': s.running = true; b.syslog('daemon.notice', `procd: ${name}: ${action}ed (DEMO)`); return ok();
    case 'enable': s.enabled = true; return ok();
    case 'disable': s.enabled = false; return ok();
    case 'enabled': return s.enabled ? ok() : err('', 1);
    case 'running': return s.running ? ok() : err('', 1);
    case 'status': return ok(`${s.running ? 'running' : 'inactive'}\n`);
    default: return err(`Syntax: /etc/init.d/${name} [command]`, 1);
  }
}

function logread(b: SimBoxState, args: readonly string[]): SimResult {
  let lines = b.logLines();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-e' && args[i + 1] !== undefined) {
      let re: RegExp;
      try { re = new RegExp(args[++i]!); } catch { return err('logread: bad regex'); }
      lines = lines.filter((l) => re.test(l));
    } else if (a === '-l' && args[i + 1] !== undefined) {
      lines = lines.slice(-Number(args[++i]));
    } else if (a === '-f') {
      return err('logread -f is not supported by the demo box (poll instead)');
    }
  }
  return ok(lines.map((l) => `${l}\n`).join(''));
}

function head(b: SimBoxState, args: readonly string[]): SimResult {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-n') n = Number(args[++i]);
    else files.push(args[i]!);
  }
  let out = '';
  let stderr = '';
  for (const f of files) {
    const text = b.file(f);
    if (text === undefined) { stderr += `head: ${f}: No such file or directory\n`; continue; }
    const body = text.split('\n').slice(0, n).join('\n');
    out += files.length > 1 ? `${out ? '\n' : ''}==> ${f} <==\n${body}${body.endsWith('\n') ? '' : '\n'}` : `${body}${body.endsWith('\n') ? '' : '\n'}`;
  }
  return { stdout: out, stderr, code: stderr ? 1 : 0 };
}

export function runArgv(b: SimBoxState, argv: readonly string[], stdin: string): SimResult {
  b.tickJobs();
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'ubus': {
      const a = [...args];
      while (a[0] === '-t' || a[0] === '-S') a.splice(0, a[0] === '-t' ? 2 : 1);
      let verbose = false;
      if (a[0] === '-v') { verbose = true; a.shift(); }
      if (a[0] === 'list') return ubusList(b, verbose, a[1]);
      if (a[0] === 'call' && a[1] && a[2]) return ubusCall(b, a[1], a[2], a[3]);
      return err('Usage: ubus [<options>] <command> [arguments...]');
    }
    case 'uci': return b.uci.run(argv, stdin);
    case '/usr/sbin/secubox': return legacySecubox(b, args);
    case 'logread': return logread(b, args);
    case 'cat': {
      const files = args.filter((a) => a !== '--');
      let out = '';
      for (const f of files) {
        const t = b.file(f);
        if (t === undefined) return { stdout: out, stderr: `cat: can't open '${f}': No such file or directory\n`, code: 1 };
        out += t;
      }
      return ok(out);
    }
    case 'head': return head(b, args);
    case 'df': return ok(b.df());
    case 'ls': {
      const dir = args.filter((a) => !a.startsWith('-'))[0];
      if (dir === '/etc/init.d') return ok(initScripts(b).map((s) => `${s}\n`).join(''));
      if (dir === '/etc/rc.d') return ok(rcd(b).map((s) => `${s}\n`).join(''));
      if (dir === '/etc/config') return ok(b.uci.names().map((s) => `${s}\n`).join(''));
      if (dir === '/usr/sbin') {
        const dirs = args.filter((a) => a.startsWith('/usr/'));
        return ok(dirs.map((d) => `${dirs.length > 1 ? `${d}:\n` : ''}${(d === '/usr/sbin' ? SBIN : USR_BIN).join('\n')}\n`).join('\n'));
      }
      return err(`ls: ${dir ?? ''}: No such file or directory`);
    }
    case 'uname': return ok(args.includes('-r') ? `${b.spec.kernel}\n` : 'Linux\n');
    case 'test': {
      if (args[0] === '-x' && args[1]?.startsWith('/etc/init.d/')) return initScripts(b).includes(args[1].slice(12)) ? ok() : err('', 1);
      if ((args[0] === '-f' || args[0] === '-e') && args[1]) return b.file(args[1]) !== undefined ? ok() : err('', 1);
      return err('', 1);
    }
    case 'grep':
      // services.ts: `grep -q USE_PROCD=1 /etc/init.d/<name>`
      if (args[0] === '-q' && args[1] === 'USE_PROCD=1' && args[2]?.startsWith('/etc/init.d/')) return initScripts(b).includes(args[2].slice(12)) ? ok() : err('', 2);
      return err('grep: the demo box only answers the queries the tool makes', 2);
    case 'sh':
      if (args[0] === '-c' && args[1] === UCI_APPLY_SCRIPT && args[3]) {
        const config = args[3];
        if (b.uci.changes(config)) return err(`staged changes already pending in ${config}:`, 3);
        const r = b.uci.run(['uci', 'batch'], stdin);
        if (r.stderr) { b.uci.revert(config); return err(r.stderr, 4); }
        b.uci.commit(config);
        return ok(`${UCI_APPLIED_TOKEN}\n`);
      }
      return err('sh: the demo box runs no shell scripts', 126);
    case 'true': return ok();
    case 'echo': return ok(`${args.join(' ')}\n`);
    default:
      if (cmd?.startsWith('/etc/init.d/')) return service(b, cmd.slice(12), args[0]);
      return err(`sh: ${cmd ?? ''}: not found`, 127);
  }
}
