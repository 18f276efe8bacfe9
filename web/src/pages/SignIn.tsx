import { useState, type FormEvent, type ReactNode } from 'react';
import common from '../app/common.i18n';
import { useLocale, useT } from '../app/i18n';
import { useSession } from '../app/session';
import { TextField } from '../ui/forms';
import { ErrorBanner, useFieldErrors } from '../ui/feedback';
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
export function PublicPage(props: { children: ReactNode; wide?: boolean }) {
  const c = useT(common);
  const { locale } = useLocale();
  return (
    <main className="signin" id="main" lang={locale}>
      <div className={props.wide ? 'signin-card wide' : 'signin-card'}>
        <p className="brand" aria-hidden="true">
          {c('appName')}
        </p>
        {props.children}
        <LanguageSwitch />
      </div>
    </main>
  );
}

export function SignInPage() {
  const t = useT(m);
  return (
    <PublicPage>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <SignInForm />
    </PublicPage>
  );
}
