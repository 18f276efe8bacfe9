// The frames around every screen: a skip link, the navigation, the global search, the
// language switch and the signed-in person. The main heading of each page gets focus when the
// page changes, so keyboard and screen-reader users start at the right place.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import common from './app/common.i18n';
import { useLocale, useT } from './app/i18n';
import { Link, navigate, useLocation } from './app/router';
import { can, useSession } from './app/session';
import shell from './app/shell.i18n';
import type { Locale } from './model/types';
import { Dialog } from './ui/dialog';
import { useErrorText } from './ui/feedback';
import { SignInForm } from './pages/SignIn';
import { usePresenceHeartbeat } from './pages/chat/presence';

export function LanguageSwitch() {
  const c = useT(common);
  const t = useT(shell);
  const errorText = useErrorText();
  const { locale, setLocale } = useLocale();
  const [error, setError] = useState<unknown>(null);
  const change = (l: Locale) => {
    setError(null);
    setLocale(l).catch(setError);
  };
  return (
    <span className="language">
      <label>
        <span>{c('language')}</span>{' '}
        <select value={locale} onChange={(e) => change(e.target.value as Locale)}>
          <option value="en">{c('english')}</option>
          <option value="pt-BR">{c('portuguese')}</option>
        </select>
      </label>
      {error ? (
        <span role="alert" className="language-error">
          {t('languageFailed', { reason: errorText(error) })}
        </span>
      ) : null}
    </span>
  );
}

function SessionEndedDialog() {
  const t = useT(shell);
  const { me, expired } = useSession();
  return (
    <Dialog open={expired} title={t('sessionEnded')} onClose={() => {}} dismissible={false}>
      <p>{t('sessionEndedText')}</p>
      <SignInForm embedded email={me?.email} />
    </Dialog>
  );
}

// `match`: the addresses under it are this link's too, except those under `except` (another link's).
function NavLink(props: { to: string; children: ReactNode; match?: string; except?: string }) {
  const { path } = useLocation();
  const current = path === props.to || (props.match ? path.startsWith(props.match) && !(props.except && path.startsWith(props.except)) : false);
  return (
    <Link to={props.to} aria-current={current ? 'page' : undefined}>
      {props.children}
    </Link>
  );
}

function GlobalSearch() {
  const t = useT(shell);
  const { path, search } = useLocation();
  const current = path === '/search' ? search.get('q') ?? '' : '';
  const [q, setQ] = useState(current);
  // Follows the address bar (back and forward, a link to a search).
  useEffect(() => setQ(current), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form role="search" onSubmit={submit} className="global-search">
      <label htmlFor="global-search" className="visually-hidden">
        {t('search')}
      </label>
      <input id="global-search" type="search" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
    </form>
  );
}

function UserMenu() {
  const t = useT(shell);
  const c = useT(common);
  const { me, signOut } = useSession();
  return (
    <div className="user-menu">
      <span className="muted">{t('signedInAs', { name: me?.name ?? '' })}</span>
      <Link to="/profile">{t('profile')}</Link>
      <button type="button" className="link" onClick={() => void signOut().finally(() => navigate('/'))}>
        {c('signOut')}
      </button>
    </div>
  );
}

// Moves focus to the page's <h1> after each navigation.
// A page still loading has no <h1> yet: wait for it (a few seconds at most).
function useFocusHeading(deps: unknown[]) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const main = ref.current;
    if (!main) return;
    const focus = () => {
      const h1 = main.querySelector('h1');
      if (!h1) return false;
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
      return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => {
      if (focus()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), 5000);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}

// What every signed-in page has around it: the skip link, the top bar, the main region (whose
// heading gets focus on navigation) and the "session ended" dialog.
function Frame(props: { home: string; portal?: boolean; nav: ReactNode; search?: ReactNode; children: ReactNode }) {
  const c = useT(common);
  const { locale } = useLocale();
  const { path } = useLocation();
  const main = useFocusHeading([path]);
  // Until a generated password is replaced nothing else is possible: no navigation to offer.
  const { me } = useSession();
  const locked = !!me?.must_change_password;
  return (
    <div className={props.portal ? 'app portal' : 'app'} lang={locale}>
      <a className="skip" href="#main">
        {c('skipToContent')}
      </a>
      <header className="topbar">
        <Link to={props.home} className="brand">
          {c('appName')}
        </Link>
        {!locked && props.nav}
        {!locked && props.search}
        <LanguageSwitch />
        <UserMenu />
      </header>
      <main id="main" ref={main}>
        {props.children}
      </main>
      <SessionEndedDialog />
    </div>
  );
}

export function StaffLayout(props: { children: ReactNode }) {
  const t = useT(shell);
  const { me } = useSession();
  usePresenceHeartbeat(can(me, 'ticket.reply'));
  const nav = (
    <nav aria-label={t('mainNav')}>
      <NavLink to="/queues/mine" match="/queues">
        {t('queues')}
      </NavLink>
      {can(me, 'ticket.create') && <NavLink to="/tickets/new">{t('newTicket')}</NavLink>}
      {can(me, 'ticket.read') && (
        <NavLink to="/chats" match="/chats">
          {t('chats')}
        </NavLink>
      )}
      {can(me, 'ticket.read') && <NavLink to="/escalations">{t('escalations')}</NavLink>}
      <NavLink to="/organisations" match="/organisations">
        {t('organisations')}
      </NavLink>
      <NavLink to="/reports/sla" match="/reports">
        {t('reports')}
      </NavLink>
      {can(me, 'contract.read') && <NavLink to="/contracts">{t('contracts')}</NavLink>}
      {can(me, 'survey.read') && (
        <NavLink to="/surveys" match="/surveys">
          {t('surveys')}
        </NavLink>
      )}
      {can(me, 'survey.read') && (
        <NavLink to="/followups" match="/followups">
          {t('followups')}
        </NavLink>
      )}
      {can(me, 'problem.read') && (
        <NavLink to="/guardian" match="/guardian" except="/guardian/actions">
          {t('guardian')}
        </NavLink>
      )}
      {/* Every staff member: the actions of their teams' plans and their own (docs/GUARDIAN.md). */}
      {me?.kind === 'staff' && <NavLink to="/guardian/actions">{t('problemActions')}</NavLink>}
      {(can(me, 'catalog.write') || can(me, 'contact.write')) && <NavLink to="/mail">{t('mail')}</NavLink>}
      {['user.write', 'team.write', 'catalog.write', 'organisation.write'].some((p) => can(me, p)) ? (
        <NavLink to="/admin" match="/admin">
          {t('admin')}
        </NavLink>
      ) : null}
    </nav>
  );
  return (
    <Frame home="/" nav={nav} search={<GlobalSearch />}>
      {props.children}
    </Frame>
  );
}

export function PortalLayout(props: { children: ReactNode }) {
  const t = useT(shell);
  const { me } = useSession();
  const nav = (
    <nav aria-label={t('portalNav')}>
      <NavLink to="/portal" match="/portal/tickets">
        {me?.manager_contact ? t('orgTickets') : t('myTickets')}
      </NavLink>
      <NavLink to="/portal/new">{t('newTicket')}</NavLink>
      <NavLink to="/portal/chat" match="/portal/chat">
        {t('chat')}
      </NavLink>
    </nav>
  );
  return (
    <Frame home="/portal" portal nav={nav}>
      {props.children}
    </Frame>
  );
}

export function NotFoundPage() {
  const t = useT(shell);
  return (
    <section>
      <h1>{t('pageNotFound')}</h1>
      <p>
        <Link to="/">{t('goHome')}</Link>
      </p>
    </section>
  );
}
