// Customers' sign-in links (POST /api/v1/auth/magic-link, then /signin/link?token=… from the
// e-mail). A link works once: its token is taken out of the address as soon as it is read (it
// should not stay in the history or be shared from the address bar), and it is redeemed at most
// once per page load, whatever React does with effects (StrictMode runs them twice).
import type { Locale, Session } from '../model/types';

export const LINK_PATH = '/signin/link';
// The sign-in page with the "e-mail me a link" form already open (the link page's way back).
export const ASK_FOR_LINK = '/?by=link';

export function magicLinkRequest(email: string, locale: Locale): { email: string; locale: Locale } {
  return { email: email.trim(), locale };
}

// The token in a query string ("?token=…"), or '' when there is none.
export function tokenFrom(search: string): string {
  return (new URLSearchParams(search).get('token') ?? '').trim();
}

// The address without its token (other parameters, if any, kept).
export function withoutToken(path: string, search: string): string {
  const q = new URLSearchParams(search);
  q.delete('token');
  const rest = q.toString();
  return rest ? `${path}?${rest}` : path;
}

let taken = '';

// Reads the token from the address bar and removes it from there at once (history.replaceState,
// so the Back button does not bring it back). Reading again returns the same token: React may
// call a state initialiser twice.
export function takeLinkToken(loc: Pick<Location, 'pathname' | 'search'> = window.location, history: Pick<History, 'replaceState' | 'state'> = window.history): string {
  const fresh = tokenFrom(loc.search);
  if (fresh) {
    taken = fresh;
    history.replaceState(history.state, '', withoutToken(loc.pathname, loc.search));
  }
  return taken;
}

// Runs `run(key)` once per key: later calls get the first call's promise (also when it failed,
// until `forget` — a retry after a network error).
export function onceByKey<T>(run: (key: string) => Promise<T>) {
  const started = new Map<string, Promise<T>>();
  return {
    get(key: string): Promise<T> {
      let p = started.get(key);
      if (!p) {
        p = run(key);
        started.set(key, p);
      }
      return p;
    },
    forget(key: string) {
      started.delete(key);
    },
  };
}

// Where a person lands once signed in by a link: a contact on the portal's home, anyone else on
// the app's own home (the routes send staff to their queues).
export function homeFor(me: Pick<Session, 'kind'>): string {
  return me.kind === 'contact' ? '/portal' : '/';
}

// For tests.
export function resetTakenToken() {
  taken = '';
}
