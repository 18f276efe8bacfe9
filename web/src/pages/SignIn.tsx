import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../app/api';
import common from '../app/common.i18n';
import { useLocale, useT } from '../app/i18n';
import { magicLinkRequest } from '../app/magic-link';
import { useLocation } from '../app/router';
import { useSession } from '../app/session';
import { TextField } from '../ui/forms';
import { ErrorBanner, Notice, useFieldErrors } from '../ui/feedback';
import { refocus } from '../ui/focus';
import { useSubmit } from '../ui/kit';
import { LanguageSwitch } from '../Layout';
import m from './signin.i18n';

// The sign-in form; also used inside the "session ended" dialog (`embedded`).
export function SignInForm(props: { embedded?: boolean; email?: string; onDone?: () => void }) {
  const t = useT(m);
  const { signIn } = useSession();
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const signedIn = await run(async () => {
      await signIn(email, password);
    });
    if (!signedIn) return;
    setPassword('');
    props.onDone?.();
  };
  const fieldError = useFieldErrors(error);
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <ErrorBanner error={error} shown={['email', 'password']} />
      <TextField
        label={t('email')}
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldError('email')}
        autoFocus={!props.email}
      />
      <TextField
        label={t('password')}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={fieldError('password')}
        autoFocus={!!props.email}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signingIn') : t('submit')}
      </button>
    </form>
  );
}

// The frame of a page seen without signing in (sign-in, the acknowledgement link in an e-mail):
// farol's name, the page, the language switch.
// `languageSwitch={false}`: the page speaks the language of what it shows (a survey's question).
export function PublicPage(props: { children: ReactNode; wide?: boolean; languageSwitch?: boolean }) {
  const c = useT(common);
  const { locale } = useLocale();
  return (
    <main className="signin" id="main" lang={locale}>
      <div className={props.wide ? 'signin-card wide' : 'signin-card'}>
        <p className="brand" aria-hidden="true">
          {c('appName')}
        </p>
        {props.children}
        {props.languageSwitch !== false && <LanguageSwitch />}
      </div>
    </main>
  );
}

// Customers may ask for a sign-in link by e-mail instead of typing a password. The answer is the
// same whether or not the address has an account (the server says nothing more either).
function MagicLinkForm() {
  const t = useT(m);
  const { locale } = useLocale();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  const fieldError = useFieldErrors(error);
  // The form goes away when sent: keep the keyboard focus on the message that replaces it.
  const sentBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sent) refocus(sentBox.current);
  }, [sent]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(async () => void (await api.post('/api/v1/auth/magic-link', magicLinkRequest(email, locale))))) {
      setSent(true);
    }
  };
  if (sent) {
    return (
      <div className="stack" tabIndex={-1} ref={sentBox}>
        <Notice kind="success">{t('linkSent')}</Notice>
        <div className="row">
          <button type="button" className="link" onClick={() => setSent(false)}>
            {t('otherAddress')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="stack" noValidate aria-labelledby="magic-link-heading">
      <ErrorBanner error={error} shown={['email']} />
      <TextField
        label={t('linkEmail')}
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fieldError('email')}
        autoFocus
      />
      <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
        {busy ? t('sending') : t('send')}
      </button>
    </form>
  );
}

export function SignInPage() {
  const t = useT(m);
  const { search } = useLocation();
  // `/?by=link`: the link page's "ask for a new link" opens the sign-in page on the link form.
  const [byLink, setByLink] = useState(search.get('by') === 'link');
  return (
    <PublicPage>
      <h1>{t('title')}</h1>
      {byLink ? (
        <section className="stack">
          <h2 id="magic-link-heading">{t('linkHeading')}</h2>
          <p className="muted">{t('linkIntro')}</p>
          <MagicLinkForm />
          <div className="row">
            <button type="button" className="link" onClick={() => setByLink(false)}>
              {t('usePassword')}
            </button>
          </div>
        </section>
      ) : (
        <>
          <p className="muted">{t('intro')}</p>
          <SignInForm />
          <div className="row signin-alternative">
            <button type="button" onClick={() => setByLink(true)}>
              {t('askForLink')}
            </button>
          </div>
        </>
      )}
    </PublicPage>
  );
}
