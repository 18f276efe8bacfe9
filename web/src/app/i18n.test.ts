import { describe, expect, it } from 'vitest';
import { formatter, interpolate, translate, type Messages } from './i18n';

// Every strings module of the app, found by name, so a new screen is checked without being listed.
const modules = import.meta.glob<{ default: Messages<string> }>('../**/*.i18n.ts', { eager: true });

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('every strings module', () => {
  it('is found', () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(8);
  });
  for (const [path, mod] of Object.entries(modules)) {
    describe(path, () => {
      const { en, 'pt-BR': pt } = mod.default;
      it('has the same keys in English and Portuguese', () => {
        expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
      });
      it('has the same placeholders in both languages, and no empty text', () => {
        for (const key of Object.keys(en)) {
          expect(en[key].trim(), `${path} en.${key}`).not.toBe('');
          expect(pt[key]?.trim(), `${path} pt-BR.${key}`).not.toBe('');
          expect(placeholders(pt[key] ?? ''), `${path} ${key}`).toEqual(placeholders(en[key]));
        }
      });
    });
  }
});

describe('interpolate and translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Ticket #{number} by {name}', { number: 12 })).toBe('Ticket #12 by {name}');
  });
  it('falls back to English for a missing translation, then to the key', () => {
    const m = { en: { a: 'A', b: 'B' }, 'pt-BR': { a: 'Á' } } as unknown as Messages<'a' | 'b' | 'c'>;
    const t = translate(m, 'pt-BR');
    expect(t('a')).toBe('Á');
    expect(t('b')).toBe('B');
    expect(t('c')).toBe('c');
  });
});

describe('formatter', () => {
  const at = '2026-11-22T12:05:00Z';
  it("shows times in the viewer's time zone", () => {
    expect(formatter('en', 'America/Sao_Paulo').dateTime(at)).toMatch(/9:05/);
    expect(formatter('en', 'UTC').dateTime(at)).toMatch(/12:05/);
    expect(formatter('en', 'Asia/Tokyo').dateTime(at)).toMatch(/9:05/);
    expect(formatter('en', 'Asia/Tokyo').date(at)).toMatch(/Nov 22|23/);
  });
  it('formats dates and numbers by locale', () => {
    expect(formatter('pt-BR', 'America/Sao_Paulo').dateTime(at)).toBe('22/11/2026, 09:05');
    expect(formatter('en', 'UTC').dateTime(at)).toBe('11/22/26, 12:05 PM');
    expect(formatter('pt-BR', 'UTC').number(1234567.5)).toBe('1.234.567,5');
    expect(formatter('en', 'UTC').number(1234567.5)).toBe('1,234,567.5');
  });
  it('falls back to UTC for an unknown zone instead of failing', () => {
    expect(formatter('en', 'Mars/Olympus').dateTime(at)).toMatch(/12:05/);
  });
  it('sizes files in B, KB and MB', () => {
    const f = formatter('en', 'UTC');
    expect(f.bytes(512)).toBe('512 B');
    expect(f.bytes(2048)).toBe('2 KB');
    expect(f.bytes(5 * 1024 * 1024 + 300 * 1024)).toBe('5.3 MB');
  });
  it('says how long ago, in words', () => {
    const now = Date.parse(at);
    expect(formatter('en', 'UTC').ago('2026-11-22T12:02:00Z', now)).toBe('3 minutes ago');
    expect(formatter('pt-BR', 'UTC').ago('2026-11-22T10:05:00Z', now)).toBe('há 2 horas');
  });
});
