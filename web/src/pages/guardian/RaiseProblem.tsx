// On the agent's ticket page: raise the ticket as a customer error (any staff with problem.raise).
// The server makes a `new` record titled as the ticket, its organisation affected, the ticket
// linked and the raiser as reporter (docs/GUARDIAN.md); the page says so — with a link to the record
// for those who may read records — in a status region, so screen readers hear it too.
import { useState } from 'react';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner } from '../../ui/feedback';
import { useSubmit } from '../../ui/kit';
import type { Problem } from './guardian';
import m from './guardian.i18n';

export function RaiseProblem(props: { ticketId: number }) {
  const t = useT(m);
  const { me } = useSession();
  const submit = useSubmit();
  const [made, setMade] = useState<Problem | null>(null);
  if (!can(me, 'problem.raise')) return null;
  const raise = () =>
    void submit.run(async () => {
      // The button is disabled while this runs: a double click raises it once.
      const p = await api.post<Problem>(`/api/v1/tickets/${props.ticketId}/raise-problem`);
      setMade(p);
    });
  return (
    <div className="stack raise-problem">
      <div className="row">
        <button type="button" onClick={raise} disabled={submit.busy} aria-busy={submit.busy}>
          {t('raise')}
        </button>
      </div>
      <ErrorBanner error={submit.error} />
      {/* A status region of its own (the page's live region stays the page's): always there, so
          screen readers announce what appears in it. */}
      <p className="raised" role="status">
        {made && t('raised', { id: made.id })}
        {made && can(me, 'problem.read') && (
          <>
            {' '}
            <Link to={`/guardian/problems/${made.id}`}>{t('openRecord', { id: made.id })}</Link>
          </>
        )}
      </p>
    </div>
  );
}
