// The page a customer's e-mailed sign-in link opens (<public_url>/signin/link?token=…): the token
// is taken out of the address at once, redeemed once (a link works once), and the session is
// adopted exactly as after a password sign-in; then the portal's home. A used, expired or unknown
// link gets the server's plain message and a way to ask for a new one.
import { useEffect, useState } from 'react';
import { ApiError } from '../app/api';
import { useT } from '../app/i18n';
import { ASK_FOR_LINK, homeFor, takeLinkToken } from '../app/magic-link';
import { Link, navigate } from '../app/router';
import { useSession } from '../app/session';
import { ErrorBanner, useErrorText } from '../ui/feedback';
import { PublicPage } from './SignIn';
import m from './signin.i18n';

export function SignInLinkPage() {
  const t = useT(m);
  const errorText = useErrorText();
  const { me, loading, signInWithLink } = useSession();
  const [token] = useState(() => takeLinkToken());
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Only once the app knows who was signed in before: that answer must not arrive after this
    // one and undo it.
    if (loading) return;
    if (!token) {
      if (me) navigate(homeFor(me), { replace: true });  // reloaded after the link was used: nothing to redeem
      return;
    }
    let live = true;
    setError(null);
    signInWithLink(token).then(
      (me) => live && navigate(homeFor(me), { replace: true }),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [token, loading, signInWithLink, attempt]);  // (not `me`: signing in changes it)

  const refused = !token || (error instanceof ApiError && error.isUnauthenticated);
  return (
    <PublicPage>
      <h1>{t('linkTitle')}</h1>
      {refused ? (
        <>
          <div className="banner error" role="alert">
            <span>{token ? errorText(error) : t('linkMissing')}</span>
          </div>
          <p>
            <Link to={ASK_FOR_LINK}>{t('askAgain')}</Link>
          </p>
        </>
      ) : error ? (
        <ErrorBanner error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : (
        <p className="loading" role="status" aria-live="polite">
          {t('linkSigningIn')}
        </p>
      )}
    </PublicPage>
  );
}
