import { describe, expect, it } from 'vitest';
import { safeStorage } from './storage';

describe('storage a framed page may be refused', () => {
  it('falls back to memory when reading storage throws', () => {
    const s = safeStorage(() => {
      throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied", 'SecurityError');
    });
    expect(s.getItem('k')).toBeNull();
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
    s.removeItem('k');
    expect(s.getItem('k')).toBeNull();
  });
  it('uses the real storage when allowed', () => {
    const m = new Map<string, string>();
    const real = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) } as unknown as Storage;
    const s = safeStorage(() => real);
    s.setItem('a', '1');
    expect(m.get('a')).toBe('1');
  });
});
