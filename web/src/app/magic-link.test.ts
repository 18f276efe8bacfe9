import { beforeEach, describe, expect, it } from 'vitest';
import { ASK_FOR_LINK, homeFor, magicLinkRequest, onceByKey, resetTakenToken, takeLinkToken, tokenFrom, withoutToken } from './magic-link';

// A stand-in for window.location and window.history: replaceState changes the address.
function browserAt(address: string) {
  const url = new URL(address, 'https://farol.example');
  const calls: string[] = [];
  const loc = { pathname: url.pathname, search: url.search };
  const history = {
    state: { kept: true },
    replaceState(state: unknown, _title: string, to?: string | URL | null) {
      expect(state).toEqual({ kept: true });
      calls.push(String(to));
      const next = new URL(String(to), 'https://farol.example');
      loc.pathname = next.pathname;
      loc.search = next.search;
    },
  };
  return { loc, history, calls };
}

describe('the sign-in link request', () => {
  it('sends the address as typed, trimmed, and the reader’s language', () => {
    expect(magicLinkRequest('  carla@acme.test ', 'pt-BR')).toEqual({ email: 'carla@acme.test', locale: 'pt-BR' });
    expect(magicLinkRequest('', 'en')).toEqual({ email: '', locale: 'en' });
  });
  it('asks for a new link on the sign-in page with its link form open', () => {
    expect(new URLSearchParams(ASK_FOR_LINK.split('?')[1]).get('by')).toBe('link');
  });
});

describe('the token in the address', () => {
  beforeEach(() => resetTakenToken());

  it('is read from ?token=', () => {
    expect(tokenFrom('?token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFrom('?x=1&token=t')).toBe('t');
    expect(tokenFrom('')).toBe('');
    expect(tokenFrom('?token=')).toBe('');
  });

  it('is removed from the address, other parameters kept', () => {
    expect(withoutToken('/signin/link', '?token=abc')).toBe('/signin/link');
    expect(withoutToken('/signin/link', '?token=abc&utm=mail')).toBe('/signin/link?utm=mail');
  });

  it('leaves the address bar as soon as it is read, and reading again gives the same token', () => {
    const b = browserAt('/signin/link?token=tok_123');
    expect(takeLinkToken(b.loc, b.history)).toBe('tok_123');
    expect(b.calls).toEqual(['/signin/link']);
    expect(b.loc.search).toBe('');
    // React may run a state initialiser twice (StrictMode): the second read still has it.
    expect(takeLinkToken(b.loc, b.history)).toBe('tok_123');
    expect(b.calls).toEqual(['/signin/link']);
  });

  it('is empty when the address never had one', () => {
    const b = browserAt('/signin/link');
    expect(takeLinkToken(b.loc, b.history)).toBe('');
    expect(b.calls).toEqual([]);
  });

  it('is the newest one when another link is opened', () => {
    const a = browserAt('/signin/link?token=first');
    takeLinkToken(a.loc, a.history);
    const b = browserAt('/signin/link?token=second');
    expect(takeLinkToken(b.loc, b.history)).toBe('second');
  });
});

describe('redeeming once', () => {
  it('asks the server once per token, however many times it is asked for', async () => {
    const asked: string[] = [];
    const once = onceByKey(async (token) => {
      asked.push(token);
      return `session for ${token}`;
    });
    const [a, b] = await Promise.all([once.get('t1'), once.get('t1')]);
    expect(a).toBe('session for t1');
    expect(b).toBe('session for t1');
    expect(await once.get('t1')).toBe('session for t1');
    expect(asked).toEqual(['t1']);
    await once.get('t2');
    expect(asked).toEqual(['t1', 't2']);
  });

  it('keeps a refusal, and tries again only when told to forget', async () => {
    let calls = 0;
    const once = onceByKey(async () => {
      calls++;
      throw new Error('refused');
    });
    await expect(once.get('t')).rejects.toThrow('refused');
    await expect(once.get('t')).rejects.toThrow('refused');
    expect(calls).toBe(1);
    once.forget('t');
    await expect(once.get('t')).rejects.toThrow('refused');
    expect(calls).toBe(2);
  });
});

describe('where a signed-in person lands', () => {
  it('is the portal for a contact, the app’s home for staff', () => {
    expect(homeFor({ kind: 'contact' })).toBe('/portal');
    expect(homeFor({ kind: 'staff' })).toBe('/');
  });
});
