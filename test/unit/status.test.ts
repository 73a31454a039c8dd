/** Status refresh: one exec, pure reads only, parsed from the recorded outputs of a real (half set-up) box. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import type { BatchCall } from '../../src/backends/types.js';
import { buildRefreshBatch, parseRefresh, refreshBox } from '../../src/core/status/index.js';
import { interpretStatus } from '../../src/core/status/interpret.js';
import { parseDf, parseHeadFiles, parseMeminfo, ubusAnswer } from '../../src/core/status/parse.js';
import { findMethod, SUBSYSTEMS } from '../../src/registry/index.js';
import { fakeTransport, fixtureResult, type Expect } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';

/** /proc as a small OpenWrt box shows it (our own sample: the lab recordings have no /proc reads). */
const HEAD_OUT = `==> /proc/loadavg <==
0.51 0.40 0.30 1/98 4321

==> /proc/uptime <==
2261.33 4400.10

==> /proc/meminfo <==
MemTotal:         245284 kB
MemFree:           61220 kB
MemAvailable:     131400 kB
Buffers:            4120 kB
Cached:            58000 kB

==> /proc/sys/kernel/hostname <==
secubox

==> /proc/sys/kernel/osrelease <==
6.6.73

==> /etc/openwrt_release <==
DISTRIB_ID='OpenWrt'
DISTRIB_RELEASE='24.10.0'
DISTRIB_REVISION='r28427-6df0e3d02a'
DISTRIB_DESCRIPTION='OpenWrt 24.10.0 r28427-6df0e3d02a'
`;
const DF_OUT = `Filesystem           1K-blocks      Used Available Use% Mounted on
/dev/root                 5120      5120         0 100% /rom
tmpfs                   122640       280    122360   0% /tmp
/dev/ubi0_2              93664      9228     79644  10% /overlay
overlayfs:/overlay       93664      9228     79644  10% /
`;

const NOT_FOUND = { stderr: 'Command failed: Not found\n', code: 252 };

/** How the lab box answers each call of a refresh: recorded outputs where they exist. */
function labAnswer(c: BatchCall): Expect['result'] {
  const [cmd, ...rest] = c.argv;
  if (cmd === 'head') return { stdout: HEAD_OUT, stderr: "head: /tmp/sysinfo/model: No such file or directory\n", code: 1 };
  if (cmd === 'df') return { stdout: DF_OUT };
  if (cmd === 'ls' && rest[0] === '/etc/init.d') return { stdout: 'boot\ncrowdsec\ncron\ndropbear\ngitea\nhaproxy\nsecubox-core\n' };
  if (cmd === 'ls' && rest[0] === '/etc/rc.d') return { stdout: 'S10boot\nS50crowdsec\nS50dropbear\nS90secubox-core\n' };
  if (cmd === 'ls') return { stdout: '/usr/sbin:\nidentityctl\nmetablogizerctl\n\n/usr/bin:\np2p-intelctl\n' };
  if (c.label === 'ubus list') return fixtureResult('ubus/ubus_list');
  const i = c.argv.indexOf('call');
  const [object, method] = [c.argv[i + 1]!, c.argv[i + 2]!];
  if (object === 'system' || object === 'service') return NOT_FOUND;
  const rel = `ubus/call/${object}/${method}`;
  if (existsSync(join(TRANSCRIPTS, `${rel}.out`))) return fixtureResult(rel);
  if (method === 'alerts') return fixtureResult('ubus/call/luci.crowdsec-dashboard/alerts');
  return { stderr: 'Command failed: Method not found\n', code: 253 };
}

function labBox(calls: BatchCall[]) {
  const t = fakeTransport(calls.map((c) => ({ argv: [...c.argv], result: labAnswer(c) })), { kind: 'ssh', target: 'root@127.0.0.1:2222' });
  return { t, box: createBox('lab', t) };
}

function sideEffectMarkers(): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(join(TRANSCRIPTS, 'INDEX.md'), 'utf8').split('\n')) {
    const m = line.includes('[side effect:') ? /ubus call (\S+) (\S+)/.exec(line) : null;
    if (m) out.add(`${m[1]} ${m[2]}`);
  }
  return out;
}

describe('refresh batch', () => {
  it('never contains a side-effect method (INDEX markers) nor a write, whatever is selected', () => {
    const markers = sideEffectMarkers();
    for (const detail of [false, true]) {
      for (const probeAll of [false, true]) {
        for (const c of buildRefreshBatch(SUBSYSTEMS, { detail, probeAll })) {
          if (c.argv[0] !== 'ubus' || !c.argv.includes('call')) {
            expect(['ubus', 'head', 'df', 'ls']).toContain(c.argv[0]);
            continue;
          }
          const i = c.argv.indexOf('call');
          const key = `${c.argv[i + 1]} ${c.argv[i + 2]}`;
          expect(markers.has(key), key).toBe(false);
          const d = findMethod(c.argv[i + 1]!, c.argv[i + 2]!);
          if (d) expect(d.kind, key).toBe('read');
        }
      }
    }
    // the marked reads exist in the registry, so the check above is not vacuous
    expect(findMethod('luci.master-link', 'status')?.kind).toBe('side-effect');
  });

  it('has unique labels, bounded ubus timeouts, and skips procd-known daemons when asked', () => {
    const all = buildRefreshBatch(SUBSYSTEMS);
    expect(new Set(all.map((c) => c.label)).size).toBe(all.length);
    for (const c of all.filter((x) => x.argv[0] === 'ubus' && x.argv.includes('call'))) expect(c.argv.slice(0, 3)).toEqual(['ubus', '-t', '8']);
    const lean = buildRefreshBatch(SUBSYSTEMS, { probeAll: false });
    expect(lean.length).toBeLessThan(all.length);
    expect(lean.some((c) => c.label === 'status crowdsec')).toBe(false);
    expect(lean.some((c) => c.label === 'status metablogizer')).toBe(true);
  });
});

describe('refreshBox on the recorded lab box', () => {
  it('costs exactly one exec and parses system, services, subsystems, alerts and peers', async () => {
    const calls = buildRefreshBatch(SUBSYSTEMS, { detail: true });
    const { t, box } = labBox(calls);
    const snap = await refreshBox(box, SUBSYSTEMS, { detail: true });
    expect(t.rounds).toEqual([{ kind: 'batch', size: calls.length }]);
    t.assertDone();
    expect(snap.reach).toBe('ok');
    expect(snap.demo).toBeUndefined();
    expect(snap.host).toBe('root@127.0.0.1:2222');
    expect(snap.objects).toContain('luci.metablogizer');
    // no `system` object on the lab box: /proc + df + openwrt_release fallbacks
    expect(snap.system).toEqual({
      model: null, board: null, firmware: 'OpenWrt 24.10.0 r28427-6df0e3d02a', release: '24.10.0', kernel: '6.6.73', hostname: 'secubox',
      uptimeS: 2261, load: [0.51, 0.4, 0.3], mem: { total: 245284 * 1024, available: 131400 * 1024 }, disk: { total: 93664 * 1024, used: 9228 * 1024, mount: '/overlay' },
    });
    // procd not running: services known from init.d / rc.d, running unknown
    expect(snap.services.find((s) => s.name === 'crowdsec')).toEqual({ name: 'crowdsec', enabled: true, running: null });
    expect(snap.services.find((s) => s.name === 'haproxy')).toEqual({ name: 'haproxy', enabled: false, running: null });
    const sub = (id: string) => snap.subsystems.find((s) => s.id === id)!;
    expect(sub('crowdsec')).toMatchObject({ state: 'stopped', detail: expect.stringContaining('crowdsec stopped') });
    expect(sub('gitea').state).toBe('not-installed'); // get_status {result:{installed:false}}
    expect(sub('haproxy')).toMatchObject({ state: 'stopped' }); // haproxy_running:false
    expect(sub('metablogizer').state).toBe('running');
    expect(sub('master-link').state).toBe('running'); // present, and never asked (its status writes)
    expect(sub('identity')).toMatchObject({ state: 'running', detail: 'CLI only: identityctl' });
    expect(sub('guacamole').state).toBe('not-installed');
    expect(snap.alerts).toEqual({ count: 0, recent: [] }); // status_cached alerts:0; alerts → {error:"cscli not found"}
    expect(snap.meshPeers).toBe(0); // the only peer is the box itself
    expect(snap.subsystems.map((s) => s.layer)).toEqual(SUBSYSTEMS.map((s) => s.layer));
  });

  it('an unreachable box gives a snapshot with reach and reason, never a throw', async () => {
    const { UnreachableError, TimeoutError } = await import('../../src/lib/errors.js');
    for (const [err, reach] of [
      [new UnreachableError('r9', 'network', 'r9: connect ECONNREFUSED 127.0.0.1:2299'), 'unreachable'],
      [new UnreachableError('r9', 'auth', 'r9: authentication failed'), 'auth'],
      [new UnreachableError('r9', 'host-key', 'r9: host key mismatch'), 'host-key'],
      [new TimeoutError('batch', 2000), 'timeout'],
    ] as const) {
      const box = createBox('r9', { kind: 'ssh', target: 'root@127.0.0.1:2299', exec: async () => { throw err; }, batch: async () => { throw err; }, close: async () => undefined });
      const s = await refreshBox(box, SUBSYSTEMS);
      expect(s.reach).toBe(reach);
      expect(s.reason).toBe(err.message.replace(/^r9: /, '')); // the box's own record: its name is not repeated
      expect(s.fetchedAt).toBeNull();
    }
  });
});

describe('parsers', () => {
  it('head with several files, meminfo without MemAvailable, df picks /overlay', () => {
    const f = parseHeadFiles(HEAD_OUT);
    expect(f.get('/proc/sys/kernel/hostname')).toBe('secubox');
    expect(f.get('/proc/loadavg')).toBe('0.51 0.40 0.30 1/98 4321');
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 40 kB\n')).toEqual({ total: 1024000, available: 150 * 1024 });
    expect(parseDf(DF_OUT)?.mount).toBe('/overlay');
    expect(parseDf('Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sda1 1000 500 500 50% /\n')).toEqual({ total: 1024000, used: 512000, mount: '/' });
  });

  it('interprets the recorded status answers', () => {
    const st = (object: string, method = 'status') => {
      const rel = `ubus/call/${object}/${method}`;
      const r = fixtureResult(rel);
      return interpretStatus(object, ubusAnswer({ argv: ['ubus', 'call', object, method, '{}'], label: rel, code: r.code, stdout: r.stdout, stderr: r.stderr }));
    };
    expect(st('luci.crowdsec-dashboard').state).toBe('stopped');
    expect(st('luci.gitea', 'get_status').state).toBe('not-installed');
    expect(st('luci.ai-gateway')).toMatchObject({ state: 'stopped' }); // {result:{running:false}}
    expect(st('luci.secubox-mesh')).toMatchObject({ state: 'stopped', detail: 'Daemon not running' });
    expect(st('luci.matrix').state).toBe('not-installed'); // container_state not_installed
    expect(st('luci.cookie-tracker')).toMatchObject({ state: 'error', detail: 'Database not initialized' });
    expect(st('luci.metablogizer')).toMatchObject({ state: 'running' });
    expect(st('luci.cve-triage').state).toBe('error'); // ubus failed, nothing printed
  });

  it('a batch result set without labels for some calls still parses (missing results degrade)', () => {
    const snap = parseRefresh([], SUBSYSTEMS, { box: 'x', host: 'h' });
    expect(snap.reach).toBe('ok');
    expect(snap.reason).toMatch(/ubus list failed/);
    expect(snap.subsystems.every((s) => s.state === 'running' || s.state === 'error' || s.state === 'not-installed')).toBe(true);
  });
});
