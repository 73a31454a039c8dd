/** `__complete` against the real command table and registry (whatever verbs have landed). */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeMain, completeWords } from '../../src/commands/complete/main.js';
import { loadRegistryInfo, resetRegistryInfo } from '../../src/commands/complete/subsystems.js';
import { COMMANDS } from '../../src/commands/table/index.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';
import { INVENTORY, tempHome, type TempHome } from './complete.fixture.js';

let home: TempHome;
beforeEach(() => { home = tempHome(INVENTORY); });
afterEach(() => home.cleanup());

const values = async (...words: string[]) => (await completeWords(['--', ...words], home.env)).candidates.map((c) => c.value);

describe('__complete on the real table', () => {
  it('offers every visible top-level verb of the table, and never __complete', async () => {
    const top = [...new Set(COMMANDS.filter((c) => !c.hidden).map((c) => c.path[0]))];
    expect(await values('')).toEqual(top);
    expect(await values('__')).toEqual([]);
  });

  it('completes the shells of `completion` (an enum argument)', async () => {
    expect(await values('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await values('completion', 'f')).toEqual(['fish']);
  });

  it('offers help topics and command paths after `help`', async () => {
    const v = await values('help', '');
    for (const topic of ['exit-codes', 'subsystems', 'legacy']) expect(v).toContain(topic);
    expect(v).toContain('completion');
  });

  it('a repeatable option (--tag) is offered again, and its value ends after one word', async () => {
    expect(await values('box', 'add', 'r9', '--tag', 'lab', '--t')).toContain('--tag');
    expect(await values('box', 'add', '--tag', 'lab', 'r9', '--')).toContain('--host');
  });

  it('completes --box on every verb that targets boxes', async () => {
    for (const spec of COMMANDS.filter((c) => c.targets && !c.hidden)) {
      expect(await values(...spec.path, '--box', 'r1')).toEqual(['r1.lab']);
    }
  });

  it('gives the registry subsystem ids to completion', async () => {
    resetRegistryInfo();
    const info = await loadRegistryInfo(home.env);
    expect(info?.subsystems.map((s) => s.id)).toEqual(SUBSYSTEMS.map((s) => s.id));
  });

  it('completeMain writes nothing for unknown words and never throws', async () => {
    let out = '';
    await completeMain(['--', 'definitely-not-a-verb', ''], { write: (s: string) => { out += s; } });
    expect(out).toBe('');
    await completeMain(['--', 'completion', 'b'], { write: (s: string) => { out += s; } });
    expect(out).toBe('bash\n');
  });
});

describe('__complete with the real registry', () => {
  it('describes ubus objects by subsystem and methods by kind and parameters', async () => {
    const { SUBSYSTEMS: subs } = await import('../../src/registry/index.js');
    const sub = subs.find((s) => s.ubus.some((o) => o.methods.some((m) => Object.keys(m.params).length > 0)));
    expect(sub, 'a registry subsystem with a method that takes parameters').toBeDefined();
    const obj = sub!.ubus.find((o) => o.methods.some((m) => Object.keys(m.params).length > 0))!;
    const method = obj.methods.find((m) => Object.keys(m.params).length > 0)!;
    const objs = (await completeWords(['ubus', 'call', obj.object], home.env)).candidates;
    expect(objs).toContainEqual({ value: obj.object, description: sub!.name });
    const methods = (await completeWords(['ubus', 'call', obj.object, method.name], home.env)).candidates;
    const m = methods.find((c) => c.value === method.name);
    expect(m?.description).toContain(Object.keys(method.params).join(', '));
    expect(m?.description).toMatch(/^(read|write)/);
  });
});

describe('registry index cache', () => {
  it('is written on first use (0600), read while the registry build is the same, rebuilt when it changes', async () => {
    const path = join(home.env.XDG_CACHE_HOME, 'secubox', 'registry-index.json');
    resetRegistryInfo();
    const first = await loadRegistryInfo(home.env);
    expect(first?.subsystems.map((s) => s.id)).toEqual(SUBSYSTEMS.map((s) => s.id));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.info.subsystems = [{ id: 'from-the-cache' }];
    writeFileSync(path, JSON.stringify(file));
    resetRegistryInfo();
    expect((await loadRegistryInfo(home.env))?.subsystems).toEqual([{ id: 'from-the-cache' }]);
    file.stamp = 'another build';
    writeFileSync(path, JSON.stringify(file));
    resetRegistryInfo();
    expect((await loadRegistryInfo(home.env))?.subsystems.map((s) => s.id)).toEqual(SUBSYSTEMS.map((s) => s.id));
    writeFileSync(path, '{corrupt');
    resetRegistryInfo();
    const again = await loadRegistryInfo(home.env);
    expect([...(again?.ubus.keys() ?? [])]).toEqual([...(first?.ubus.keys() ?? [])]);
    resetRegistryInfo();
  });
});
