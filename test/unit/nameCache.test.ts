import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetBox, nameCachePath, readNameCache, readNames, recordNames } from '../../src/core/nameCache.js';
import { tempHome, type TempHome } from './complete.fixture.js';

let home: TempHome;
beforeEach(() => { home = tempHome(); });
afterEach(() => home.cleanup());

describe('nameCache', () => {
  it('lives in $XDG_CACHE_HOME/secubox/names.json, else ~/.cache', () => {
    expect(nameCachePath(home.env)).toBe(join(home.env.XDG_CACHE_HOME, 'secubox', 'names.json'));
    expect(nameCachePath({ HOME: '/home/u' })).toBe('/home/u/.cache/secubox/names.json');
    expect(nameCachePath({ HOME: '/home/u', XDG_CACHE_HOME: 'relative' })).toBe('/home/u/.cache/secubox/names.json');
  });

  it('records and reads names per box and kind, replacing the previous record', () => {
    const env = home.env;
    expect(recordNames('r1.lab', 'site', ['blog', 'wiki', 'blog'], { env })).toBe(true);
    expect(recordNames('r2', 'site', ['shop', 'blog'], { env })).toBe(true);
    expect(recordNames('r2', 'peer', ['p1'], { env })).toBe(true);
    expect(readNames('site', undefined, { env })).toEqual(['blog', 'wiki', 'shop']);
    expect(readNames('site', 'r1.lab', { env })).toEqual(['blog', 'wiki']);
    expect(readNames('site', ['r2'], { env })).toEqual(['shop', 'blog']);
    expect(readNames('peer', undefined, { env })).toEqual(['p1']);
    recordNames('r1.lab', 'site', ['news'], { env, now: new Date('2026-01-02T03:04:05Z') });
    expect(readNames('site', 'r1.lab', { env })).toEqual(['news']);
    expect(readNameCache({ env }).find((e) => e.box === 'r1.lab')?.at).toBe('2026-01-02T03:04:05.000Z');
  });

  it('writes the file with mode 0600 atomically (no temp file left behind)', () => {
    recordNames('r1', 'vhost', ['a.example'], { env: home.env });
    const path = nameCachePath(home.env);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, '..'))).toEqual(['names.json']);
    expect(JSON.parse(readFileSync(path, 'utf8')).entries).toHaveLength(1);
  });

  it('drops names that would break a completion line', () => {
    recordNames('r1', 'service', ['ok', '', 'tab\there', 'nl\nx', 'x'.repeat(600)], { env: home.env });
    expect(readNames('service', undefined, { env: home.env })).toEqual(['ok']);
  });

  it('reads a missing or corrupt file as empty, and repairs it on the next record', () => {
    expect(readNames('site', undefined, { env: home.env })).toEqual([]);
    const path = nameCachePath(home.env);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '{not json');
    expect(readNames('site', undefined, { env: home.env })).toEqual([]);
    writeFileSync(path, JSON.stringify({ entries: [{ box: 'r1', kind: 'site', names: ['a', 3, null] }, { box: 7 }, 'junk'] }));
    expect(readNames('site', undefined, { env: home.env })).toEqual(['a']);
    expect(recordNames('r2', 'site', ['b'], { env: home.env })).toBe(true);
    expect(readNames('site', undefined, { env: home.env })).toEqual(['a', 'b']);
  });

  it('never throws when the cache cannot be written', () => {
    // `secubox` is a plain file where the cache folder should be: mkdir fails, even for root
    mkdirSync(home.env.XDG_CACHE_HOME, { recursive: true });
    writeFileSync(join(home.env.XDG_CACHE_HOME, 'secubox'), 'in the way');
    expect(recordNames('r1', 'site', ['a'], { env: home.env })).toBe(false);
    expect(readNames('site', undefined, { env: home.env })).toEqual([]);
  });

  it('forgets a box', () => {
    recordNames('r1', 'site', ['a'], { env: home.env });
    recordNames('r2', 'site', ['b'], { env: home.env });
    expect(forgetBox('r1', { env: home.env })).toBe(true);
    expect(readNames('site', undefined, { env: home.env })).toEqual(['b']);
  });
});

describe('recordBoxNames', () => {
  it('records several kinds at once and does not rewrite the file when nothing changed', async () => {
    const { recordBoxNames } = await import('../../src/core/nameCache.js');
    const env = home.env;
    expect(recordBoxNames('r1', { site: ['blog'], vhost: ['blog.example'], peer: undefined }, { env, now: new Date('2026-01-01T00:00:00Z') })).toBe(true);
    expect(readNames('site', 'r1', { env })).toEqual(['blog']);
    expect(readNames('vhost', 'r1', { env })).toEqual(['blog.example']);
    const before = statSync(nameCachePath(env)).mtimeMs;
    const ino = statSync(nameCachePath(env)).ino;
    await new Promise((r) => setTimeout(r, 20));
    expect(recordBoxNames('r1', { site: ['blog'], vhost: ['blog.example'] }, { env, now: new Date('2026-02-01T00:00:00Z') })).toBe(true);
    expect(statSync(nameCachePath(env)).ino).toBe(ino); // not replaced
    expect(statSync(nameCachePath(env)).mtimeMs).toBe(before);
    expect(readNameCache({ env }).find((e) => e.kind === 'site')?.at).toBe('2026-01-01T00:00:00.000Z');
    recordBoxNames('r1', { site: ['blog', 'wiki'] }, { env });
    expect(statSync(nameCachePath(env)).ino).not.toBe(ino);
  });
});
