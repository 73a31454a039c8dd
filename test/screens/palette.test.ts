import { describe, expect, it } from 'vitest';
import { commonPrefix, completePalette, parsePalette, type PaletteNames } from '../../src/screens/palette.js';
import { navReduce, stackFor, FLEET_ROUTE } from '../../src/screens/routes.js';

const names: PaletteNames = {
  boxes: ['lab', 'r1', 'r2'],
  subsystems: [{ id: 'crowdsec', aliases: ['cs'], methods: ['status', 'ban', 'unban', 'decisions'] }, { id: 'metablogizer', aliases: ['sites'] }, { id: 'mac-guardian', aliases: [] }],
  exposables: ['blog', 'gitea', 'wiki'],
  services: ['crowdsec', 'haproxy', 'dropbear'],
};

describe('palette parsing', () => {
  it('parses the CLI verbs', () => {
    expect(parsePalette(':box r2', names)).toEqual({ ok: true, cmd: { verb: 'box', box: 'r2' } });
    expect(parsePalette('emancipate blog', names)).toEqual({ ok: true, cmd: { verb: 'emancipate', name: 'blog' } });
    expect(parsePalette('revoke blog --box lab', names)).toEqual({ ok: true, cmd: { verb: 'revoke', name: 'blog', box: 'lab' } });
    expect(parsePalette('status', names)).toEqual({ ok: true, cmd: { verb: 'status' } });
    expect(parsePalette('log', names)).toEqual({ ok: true, cmd: { verb: 'log' } });
    expect(parsePalette('q', names)).toEqual({ ok: true, cmd: { verb: 'quit' } });
    expect(parsePalette('crowdsec', names)).toEqual({ ok: true, cmd: { verb: 'subsystem', id: 'crowdsec' } });
    expect(parsePalette('cs -b r1', names)).toEqual({ ok: true, cmd: { verb: 'subsystem', id: 'crowdsec', box: 'r1' } });
  });
  it('parses service actions, logs, subsystem tabs and method calls (CLI words)', () => {
    expect(parsePalette('service haproxy restart', names)).toEqual({ ok: true, cmd: { verb: 'service', name: 'haproxy', action: 'restart' } });
    expect(parsePalette('service haproxy stop -b r1', names)).toEqual({ ok: true, cmd: { verb: 'service', name: 'haproxy', action: 'stop', box: 'r1' } });
    expect(parsePalette('logs cs', names)).toEqual({ ok: true, cmd: { verb: 'subsystem', id: 'crowdsec', tab: 'logs' } });
    expect(parsePalette('crowdsec config', names)).toEqual({ ok: true, cmd: { verb: 'subsystem', id: 'crowdsec', tab: 'config' } });
    expect(parsePalette('cs ban 203.0.113.7 4h --box lab', names)).toEqual({
      ok: true, cmd: { verb: 'subsystem', id: 'crowdsec', box: 'lab', tab: 'methods', call: { method: 'ban', words: ['203.0.113.7', '4h'] } },
    });
    // a method the registry does not list, named with its object, is still callable (the box decides)
    expect(parsePalette('crowdsec luci.crowdsec-abuseipdb.check_ip 1.2.3.4', names)).toMatchObject({ ok: true, cmd: { call: { method: 'luci.crowdsec-abuseipdb.check_ip' } } });
  });
  it('explains errors', () => {
    expect(parsePalette('service haproxy', names)).toMatchObject({ ok: false, error: expect.stringMatching(/start, stop, restart/) });
    expect(parsePalette('service haproxy explode', names)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown service action: explode/) });
    expect(parsePalette('logs nope', names)).toMatchObject({ ok: false, error: 'unknown subsystem: nope' });
    expect(parsePalette('cs bna 1.2.3.4', names)).toMatchObject({ ok: false, error: expect.stringMatching(/crowdsec has no method bna/) });
    expect(parsePalette('cs ban;rm 1', names)).toMatchObject({ ok: false, error: expect.stringMatching(/is not a method name/) });
    expect(parsePalette('box nope', names)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown box: nope/) });
    expect(parsePalette('emancipate', names)).toMatchObject({ ok: false, error: expect.stringMatching(/which service or site/) });
    expect(parsePalette('stauts', names)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown command: stauts.*status/) });
    expect(parsePalette('revoke blog --box', names)).toMatchObject({ ok: false, error: expect.stringMatching(/needs a box name/) });
  });
});

describe('palette completion', () => {
  it('completes verbs and subsystem ids, then boxes and exposables', () => {
    expect(completePalette('em', names).candidates).toEqual(['emancipate']);
    expect(completePalette('m', names).candidates).toEqual(['mac-guardian', 'metablogizer']);
    expect(completePalette('box ', names)).toEqual({ from: 4, candidates: ['r1', 'r2', 'lab'] });
    expect(completePalette('emancipate b', names).candidates).toEqual(['blog']);
    expect(completePalette('revoke blog --box r', names).candidates).toEqual(['r1', 'r2']);
    expect(commonPrefix(['mac-guardian', 'metablogizer'])).toBe('m');
  });
  it('completes services and their actions, subsystems for logs, tabs and methods after a subsystem', () => {
    expect(completePalette('service h', names).candidates).toEqual(['haproxy']);
    expect(completePalette('service haproxy re', names).candidates).toEqual(['reload', 'restart']);
    expect(completePalette('service --box r1 haproxy st', names).candidates).toEqual(['stop', 'start']);
    expect(completePalette('logs me', names).candidates).toEqual(['metablogizer']);
    expect(completePalette('cs ', names).candidates).toEqual(expect.arrayContaining(['logs', 'config', 'ban', 'unban', 'decisions']));
    expect(completePalette('cs u', names).candidates).toEqual(['unban']);
    expect(completePalette('cs ban ', names).candidates).toEqual([]);
  });
});

describe('navigation stack', () => {
  it('pushes, pops (never the last), and builds the stack for a palette jump', () => {
    let s = [FLEET_ROUTE];
    s = navReduce(s, { type: 'push', route: { kind: 'box', box: 'r1' } });
    expect(s).toHaveLength(2);
    s = navReduce(navReduce(s, { type: 'pop' }), { type: 'pop' });
    expect(s).toEqual([FLEET_ROUTE]);
    expect(stackFor({ kind: 'exposure', box: 'r1' }).map((r) => r.kind)).toEqual(['fleet', 'box', 'exposure']);
  });
});
