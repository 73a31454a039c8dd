/**
 * The write flows of the demo boxes, behaving like the real ones (box-contract "Emancipate flows"):
 * `luci.metablogizer emancipate` starts a job whose log grows over a few seconds with the same tagged
 * lines as metablogizerctl; `luci.exposure emancipate|revoke` are synchronous and print the
 * secubox-exposure text. Like the real box, a flow whose UCI writes fail still prints its
 * "COMPLETE" banner (demo-bravo's haproxy config fails strict parsing): only reading the state back
 * tells the truth.
 */
import type { SimBoxState, SimJob } from './state.js';

const C = { info: '\u001b[0;34m[INFO]\u001b[0m', ok: '\u001b[0;32m[OK]\u001b[0m', warn: '\u001b[1;33m[WARN]\u001b[0m', err: '\u001b[0;31m[ERROR]\u001b[0m' };
const PUBLIC_IP = '198.51.100.10';

const vhostId = (domain: string) => domain.replace(/[^a-zA-Z0-9]/g, '_');

/** Run one `uci` write through the box's interpreter (so that broken configs fail as on a real box); returns stderr lines. */
function uci(box: SimBoxState, line: string): string[] {
  const [cmd, rest] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
  const r = box.uci.run(['uci', cmd, rest]);
  return r.code === 0 ? [] : [r.stderr.trim()];
}

function commit(box: SimBoxState, config: string): void {
  box.uci.run(['uci', 'commit', config]);
}

function fakeOnion(name: string): string {
  let h = 2166136261;
  const out: string[] = [];
  for (let i = 0; i < 56; i++) {
    h = Math.imul(h ^ (name.charCodeAt(i % name.length) + i), 16777619) >>> 0;
    out.push('abcdefghijklmnopqrstuvwxyz234567'[h % 32]!);
  }
  return `${out.join('')}.onion`;
}

export function startSiteJob(box: SimBoxState, siteSection: string): { jobId: string; name: string } | { error: string } {
  const name = box.uci.get('metablogizer', siteSection, 'name');
  if (!name) return { error: 'Site not found' };
  const domain = box.uci.get('metablogizer', siteSection, 'domain') ?? `${name}.demo.example`;
  const port = box.uci.get('metablogizer', siteSection, 'port') ?? '8900';
  const lan = box.uci.get('network', 'lan', 'ipaddr') ?? '192.168.255.1';
  const zone = box.uci.get('dns-provider', 'main', 'zone') ?? 'demo.example';
  const broken = box.uci.broken.has('haproxy');
  const haproxyUp = box.services.get('haproxy')?.running ?? false;
  const jobId = `emancipate_${name}_${box.nextPid()}`;
  const b = `metablog_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
  const vid = vhostId(domain);
  const parseErrs = broken ? Array.from({ length: 4 }, () => 'uci: Parse error (section of different type overwrites prior section with same name) at line 101, byte 34') : [];
  const lines: string[][] = [
    ['', '==============================================', `  KISS ULTIME MODE: Emancipating ${name}`, '==============================================', ''],
    [`[INFO] [DNS] Public IP: ${PUBLIC_IP} (DEMO)`],
    [`[INFO] [DNS] A record ${domain.replace(`.${zone}`, '')} -> ${PUBLIC_IP} in zone ${zone}`],
    [`[INFO] [VORTEX] Publishing ${name} as ${domain} to mesh`, `[INFO] Published ${name} as ${domain}`],
    [`[INFO] [HAPROXY] Creating vhost for ${domain}`, `[INFO] [HAPROXY] Creating uhttpd instance for ${name} on port ${port}`, ...parseErrs],
    [`[INFO] [WAF] Adding route: ${domain} -> ${lan}:${port}`, '[INFO] [WAF] Route registered via secubox-route'],
    [`[INFO] [PATH] Adding /gk2/${name} path ACL to secubox.in`, ...parseErrs.slice(0, 2), `[INFO] [PATH] Path ACL created: secubox.in/gk2/${name} -> ${b}`],
    [`[INFO] [SSL] Requesting certificate for ${domain}`, broken ? `[WARN] [SSL] Certificate request may still be pending` : `  [INFO] Certificate issued for ${domain} (DEMO CA)`],
    ['[INFO] [RELOAD] Applying HAProxy configuration', '[INFO] [RELOAD] Restarting HAProxy for clean state...', ...(haproxyUp ? [] : ['[WARN] [RELOAD] HAProxy may not have started properly'])],
    ['', '==============================================', '  EMANCIPATION COMPLETE', '==============================================', '',
      `  Site:    https://${domain}`, '  Status:  Published and SSL-protected', '  Mesh:    Published', ''],
  ];
  const times = [0, 300, 650, 1000, 1500, 2100, 2600, 3000, 3600, 4000];
  const job: SimJob = {
    id: jobId, site: name, startedAt: box.now(), status: 'running', finished: false, endAt: 4000, exitOk: true,
    lines: lines.flatMap((group, i) => group.map((text) => ({ at: times[i]!, text }))),
    finish: () => {
      for (const l of [
        `set haproxy.${b}=backend`, `set haproxy.${b}.name=${b}`, `set haproxy.${b}.mode=http`, `set haproxy.${b}.enabled=1`,
        `set haproxy.${b}_srv=server`, `set haproxy.${b}_srv.backend=${b}`, `set haproxy.${b}_srv.address=${lan}`, `set haproxy.${b}_srv.port=${port}`,
        `set haproxy.${vid}=vhost`, `set haproxy.${vid}.domain=${domain}`, `set haproxy.${vid}.backend=mitmproxy_inspector`,
        `set haproxy.${vid}.original_backend=${b}`, `set haproxy.${vid}.ssl=1`, `set haproxy.${vid}.acme=1`, `set haproxy.${vid}.enabled=1`,
        `set haproxy.path_gk2_${name}=acl`, `set haproxy.path_gk2_${name}.path_beg=/gk2/${name}`, `set haproxy.path_gk2_${name}.backend=${b}`,
      ]) uci(box, l);
      commit(box, 'haproxy');
      uci(box, `set uhttpd.metablogizer_${name}=uhttpd`);
      box.uci.setOption('metablogizer', siteSection, 'emancipated', '1');
      box.uci.setOption('metablogizer', siteSection, 'emancipated_at', new Date(box.now()).toISOString().replace(/\.\d+Z$/, '+00:00'));
      commit(box, 'metablogizer');
      if (!broken) box.certs.add(domain);
      box.syslog('daemon.info', `metablogizer: emancipated ${name} (${domain})`);
    },
  };
  box.jobs.set(jobId, job);
  box.syslog('daemon.info', `metablogizer: emancipate ${name} started (job ${jobId})`);
  return { jobId, name };
}

export function unpublishSite(box: SimBoxState, siteSection: string): { message: string } | { error: string } {
  const name = box.uci.get('metablogizer', siteSection, 'name');
  if (!name) return { error: 'Site not found' };
  const domain = box.uci.get('metablogizer', siteSection, 'domain') ?? '';
  const vid = vhostId(domain);
  uci(box, `delete haproxy.${vid}`);
  uci(box, `delete haproxy.cert_${vid}`);
  commit(box, 'haproxy');
  box.uci.setOption('metablogizer', siteSection, 'emancipated', '0');
  commit(box, 'metablogizer');
  box.syslog('daemon.info', `metablogizer: unpublished ${name}`);
  return { message: 'Site unpublished' };
}

export interface ExposeParams { service: string; port?: number; domain?: string; tor?: boolean; dns?: boolean; mesh?: boolean }

export function exposureEmancipate(box: SimBoxState, p: ExposeParams): { success: boolean; message: string; output: string } {
  const svc = p.service;
  const all = !p.tor && !p.dns && !p.mesh;
  const tor = all || Boolean(p.tor), dns = all || Boolean(p.dns), mesh = all || Boolean(p.mesh);
  const out: string[] = ['', `${C.info} Emancipating \u001b[0;36m${svc}\u001b[0m on port ${p.port ?? '?'}`, ''];
  let okN = 0, failN = 0;
  box.uci.setSection('secubox-exposure', svc, 'service');
  if (tor) {
    out.push(`${C.info} Channel 1: Tor hidden service...`);
    const onion = fakeOnion(svc);
    box.uci.setSection('tor-shield', `hs_${svc}`, 'hidden_service');
    box.uci.setOption('tor-shield', `hs_${svc}`, 'name', svc);
    box.uci.setOption('tor-shield', `hs_${svc}`, 'local_port', String(p.port ?? 80));
    commit(box, 'tor-shield');
    box.uci.setOption('secubox-exposure', svc, 'tor_onion', onion);
    box.uci.setOption('secubox-exposure', svc, 'tor_port', '80');
    out.push(`  \u001b[0;32m✓\u001b[0m Tor: http://${onion}`);
    okN++;
  }
  if (dns && p.domain) {
    out.push(`${C.info} Channel 2: DNS/SSL via HAProxy...`, `${C.info} Adding backend '${svc}' (127.0.0.1:${p.port})`, `${C.info} Adding vhost '${p.domain}' -> backend '${svc}'`);
    const errs = [
      ...uci(box, `set haproxy.${svc}=backend`), ...uci(box, `set haproxy.${svc}.mode=http`),
      ...uci(box, `add_list haproxy.${svc}.server=${svc} 192.168.255.1:${p.port} check`),
      ...uci(box, `set haproxy.${vhostId(p.domain)}=vhost`), ...uci(box, `set haproxy.${vhostId(p.domain)}.domain=${p.domain}`),
      ...uci(box, `set haproxy.${vhostId(p.domain)}.backend=${svc}`), ...uci(box, `set haproxy.${vhostId(p.domain)}.ssl=1`),
    ];
    commit(box, 'haproxy');
    void errs; // like the real script: it does not look at uci's errors
    out.push(`${C.ok} HAProxy UCI config updated`, `${C.info} Requesting SSL certificate for ${p.domain}...`, `  \u001b[0;32m✓\u001b[0m DNS: https://${p.domain}`);
    box.uci.setOption('secubox-exposure', svc, 'ssl', '1');
    box.uci.setOption('secubox-exposure', svc, 'ssl_domain', p.domain);
    okN++;
  } else if (dns) {
    out.push(`${C.warn} No domain given: skipping DNS/SSL`);
  }
  if (mesh) {
    out.push(`${C.info} Channel 3: Mesh P2P...`, 'Usage: /usr/sbin/secubox-p2p {daemon|discover|peers|…|dns-remove}', `  \u001b[0;31m✗\u001b[0m Mesh: Failed to publish service`);
    failN++;
  }
  for (const [k, v] of [['port', String(p.port ?? '')], ['domain', p.domain ?? ''], ['tor', tor ? '1' : '0'], ['dns', dns && p.domain ? '1' : '0'], ['mesh', mesh ? '1' : '0'], ['emancipated', '1']] as const) {
    box.uci.setOption('secubox-exposure', svc, k, v);
  }
  commit(box, 'secubox-exposure');
  out.push('', failN ? `${C.warn} Emancipation partial: ${okN} succeeded, ${failN} failed` : `${C.ok} Emancipation complete: ${okN} channel(s)`);
  box.syslog('daemon.info', `secubox-exposure: emancipate ${svc} (${okN} ok, ${failN} failed)`);
  return { success: true, message: 'Service emancipated', output: out.join('\n') };
}

export function exposureRevoke(box: SimBoxState, p: ExposeParams): { success: boolean; message: string; output: string } {
  const svc = p.service;
  const all = !p.tor && !p.dns && !p.mesh;
  const out: string[] = ['', `${C.info} Revoking exposure for \u001b[0;36m${svc}\u001b[0m`, ''];
  let n = 0;
  if (all || p.tor) {
    if (box.uci.section('tor-shield', `hs_${svc}`)) {
      box.uci.delete('tor-shield', `hs_${svc}`); commit(box, 'tor-shield');
      box.uci.delete('secubox-exposure', svc, 'tor_onion');
      box.uci.setOption('secubox-exposure', svc, 'tor', '0');
      out.push('  \u001b[0;32m✓\u001b[0m Tor: Hidden service removed'); n++;
    } else out.push('  \u001b[1;33m−\u001b[0m Tor: No hidden service found');
  }
  if (all || p.dns) {
    out.push(`${C.info} Removing DNS/SSL...`);
    const domain = box.uci.get('secubox-exposure', svc, 'domain');
    const errs = [...uci(box, `delete haproxy.${svc}`), ...(domain ? uci(box, `delete haproxy.${vhostId(domain)}`) : [])];
    commit(box, 'haproxy');
    if (errs.length) out.push(`${C.err} ${errs[0]}`);
    box.uci.setOption('secubox-exposure', svc, 'dns', '0');
    out.push('  \u001b[0;32m✓\u001b[0m DNS: HAProxy vhost removed'); n++;
  }
  if (all || p.mesh) {
    out.push(`${C.info} Removing from mesh...`, '  \u001b[0;32m✓\u001b[0m Mesh: Service unpublished');
    box.uci.setOption('secubox-exposure', svc, 'mesh', '0'); n++;
  }
  if (all) box.uci.delete('secubox-exposure', svc);
  else if (!['tor', 'dns', 'mesh'].some((k) => box.uci.get('secubox-exposure', svc, k) === '1')) box.uci.setOption('secubox-exposure', svc, 'emancipated', '0');
  commit(box, 'secubox-exposure');
  out.push('', `${C.ok} Revocation complete: ${n} channel(s) removed`);
  return { success: true, message: 'Service revoked', output: out.join('\n') };
}
