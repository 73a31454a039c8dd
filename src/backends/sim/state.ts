/**
 * One simulated box: its clock-driven system figures (load and memory move a little so charts move),
 * services, syslog, UCI and the MetaBlogizer emancipate jobs. The command interpreter is in shell.ts,
 * the rpcd objects in ubus.ts, the write flows in flows.ts.
 */
import type { SimBoxSpec } from './data.js';
import { SimUci } from './uci.js';

export interface SimJob {
  id: string;
  site: string;
  startedAt: number;
  /** Log lines with their offset (ms after start, at speed 1). */
  lines: { at: number; text: string }[];
  /** Applied to the state when the job ends (at the last line). */
  finish: () => void;
  finished: boolean;
  status: 'running' | 'success' | 'failed';
  endAt: number;
  exitOk: boolean;
}

export interface SimOptions {
  /** ms clock (default Date.now). */
  clock: () => number;
  /** >1 makes jobs and delays faster (tests). */
  speed: number;
}

const LOG_TAGS: readonly [string, string][] = [
  ['daemon.info', 'crowdsec[2231]: level=info msg="Signal push: 1 signals to push"'],
  ['daemon.info', 'haproxy[3120]: 192.168.1.23:51544 [https_front] blog.demo.example 200 GET /'],
  ['daemon.notice', 'secubox-p2p[1877]: gossip: catalog in sync with 1 peer(s)'],
  ['daemon.info', 'mac-guardian[1502]: wlan0: station 02:00:5e:10:00:2a associated (known)'],
  ['daemon.info', 'dnsmasq[1290]: query[A] updates.demo.example from 192.168.1.40'],
  ['daemon.info', 'metablogizer: health: 2 site(s) served'],
];

function syslogDate(ms: number): string {
  const d = new Date(ms);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mo = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${wd} ${mo} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

export class SimBoxState {
  readonly uci = new SimUci();
  readonly services: Map<string, { enabled: boolean; running: boolean }>;
  readonly jobs = new Map<string, SimJob>();
  /** Domains with a certificate on the box. */
  readonly certs = new Set<string>();
  /** CrowdSec decisions added by hand (`ban`), by IP. */
  readonly manualBans = new Map<string, { duration: string; reason: string }>();
  private readonly log: string[] = [];
  private readonly created: number;
  private lastLogTick: number;
  private pidSeq = 14000;

  constructor(readonly spec: SimBoxSpec, readonly opts: SimOptions) {
    this.created = opts.clock();
    this.lastLogTick = this.created - 120_000;
    this.services = new Map(Object.entries(spec.services).map(([k, v]) => [k, { ...v }]));
    for (const [name, text] of Object.entries(spec.uci)) this.uci.load(name, text.replace(/'HOST'/g, `'${spec.hostname}'`));
    for (const sec of this.uci.config('haproxy')?.sections ?? []) {
      const d = sec.type === 'vhost' ? sec.options.find((o) => o.name === 'domain') : undefined;
      if (d && d.kind === 'option') this.certs.add(d.value);
    }
    for (const b of spec.brokenUci ?? []) this.uci.broken.add(b);
    this.syslog('kern.info', 'kernel: [    0.000000] Booting Linux (DEMO box)');
  }

  now(): number {
    return this.opts.clock();
  }

  nextPid(): number {
    return ++this.pidSeq;
  }

  uptimeS(): number {
    return this.spec.uptimeAtStartS + Math.floor((this.now() - this.created) / 1000);
  }

  /** Load averages that wander around the box's base value. */
  load(): [number, number, number] {
    const t = this.now() / 1000;
    const b = this.spec.loadBase;
    const wave = (period: number, phase: number) => Math.sin((2 * Math.PI * t) / period + phase);
    const noise = (Math.sin(Math.floor(t / 2) * 12.9898) * 43758.5453) % 1;
    const l1 = Math.max(0.01, b * (1 + 0.35 * wave(40, 0) + 0.15 * wave(7, 1)) + 0.08 * noise);
    const l5 = Math.max(0.01, b * (1 + 0.15 * wave(300, 0.5)));
    const l15 = Math.max(0.01, b * (1 + 0.05 * wave(900, 1)));
    const r = (n: number) => Math.round(n * 100) / 100;
    return [r(l1), r(l5), r(l15)];
  }

  memAvailable(): number {
    const t = this.now() / 1000;
    return Math.round(this.spec.memAvailable * (1 + 0.03 * Math.sin((2 * Math.PI * t) / 55)));
  }

  syslog(facility: string, text: string, at = this.now()): void {
    this.log.push(`${syslogDate(at)} ${facility} ${text}`);
    if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
  }

  /** The syslog buffer, with background lines added for the time elapsed since the last read. */
  logLines(): string[] {
    const now = this.now();
    const step = 15_000;
    while (this.lastLogTick + step <= now) {
      this.lastLogTick += step;
      const [fac, text] = LOG_TAGS[Math.floor(this.lastLogTick / step) % LOG_TAGS.length]!;
      this.syslog(fac, text, this.lastLogTick);
    }
    return [...this.log];
  }

  /** Run due job lines and finish jobs whose time has come. */
  tickJobs(): void {
    for (const j of this.jobs.values()) {
      if (!j.finished && this.elapsed(j) >= j.endAt) {
        j.finished = true;
        j.finish();
        j.status = j.exitOk ? 'success' : 'failed';
      }
    }
  }

  elapsed(j: SimJob): number {
    return (this.now() - j.startedAt) * this.opts.speed;
  }

  jobOutput(j: SimJob): string {
    const e = this.elapsed(j);
    return j.lines.filter((l) => l.at <= e).map((l) => l.text).join('\n');
  }

  /** /proc and /etc files the status refresh reads. */
  file(path: string): string | undefined {
    const s = this.spec;
    const kb = (b: number) => Math.round(b / 1024);
    switch (path) {
      case '/proc/loadavg': { const l = this.load(); return `${l.join(' ')} 2/${140 + Math.round(l[0] * 10)} ${this.pidSeq}\n`; }
      case '/proc/uptime': return `${this.uptimeS()}.42 ${this.uptimeS() * 3}.10\n`;
      case '/proc/meminfo': {
        const avail = this.memAvailable();
        return `MemTotal:       ${kb(s.memTotal)} kB\nMemFree:        ${kb(avail * 0.6)} kB\nMemAvailable:   ${kb(avail)} kB\n` +
          `Buffers:        ${kb(avail * 0.05)} kB\nCached:         ${kb(avail * 0.3)} kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n`;
      }
      case '/proc/sys/kernel/hostname': return `${s.hostname}\n`;
      case '/proc/sys/kernel/osrelease': return `${s.kernel}\n`;
      case '/etc/openwrt_release':
        return `DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='${s.release}'\nDISTRIB_REVISION='${s.revision}'\nDISTRIB_TARGET='${s.target}'\n` +
          `DISTRIB_ARCH='aarch64_cortex-a53'\nDISTRIB_DESCRIPTION='OpenWrt ${s.release} ${s.revision} (SecuBox DEMO)'\nDISTRIB_TAINTS=''\n`;
      case '/tmp/sysinfo/model': return `${s.model}\n`;
      case '/tmp/sysinfo/board_name': return `${s.boardName}\n`;
      case '/etc/banner': return `SecuBox DEMO box ${s.hostname}: simulated, nothing here is real.\n`;
      default:
        if (path.startsWith('/etc/config/')) {
          const name = path.slice('/etc/config/'.length);
          const r = this.uci.run(['uci', '-S', 'export', name]);
          return r.code === 0 ? r.stdout.replace(/^package .*\n/, '') : undefined;
        }
        return undefined;
    }
  }

  df(): string {
    const s = this.spec;
    const kb = (b: number) => Math.round(b / 1024);
    const row = (fs: string, total: number, used: number, mount: string) =>
      `${fs.padEnd(20)} ${String(total).padStart(9)} ${String(used).padStart(9)} ${String(total - used).padStart(9)} ${String(Math.round((used / total) * 100)).padStart(3)}% ${mount}`;
    return [
      'Filesystem           1K-blocks      Used Available Use% Mounted on',
      row('/dev/root', 4352, 4352, '/rom'),
      row('tmpfs', kb(s.memTotal / 2), 1840, '/tmp'),
      row('/dev/mmcblk0p66', kb(s.diskTotal), kb(s.diskUsed), '/overlay'),
      row('overlayfs:/overlay', kb(s.diskTotal), kb(s.diskUsed), '/'),
    ].join('\n') + '\n';
  }
}
