// On the agent's ticket page: raise the ticket as a customer error (any staff with problem.raise).
// The server makes a `new` record titled as the ticket, its organisation affected, the ticket
// linked and the raiser as reporter (docs/GUARDIAN.md); the page says so — with a link to the record
// for those who may read records — in a status region, so screen readers hear it too. Those who
// may read records also see the known problems the ticket looks like ("This may be a known
// problem: #3 Invoice sent twice (62%)"), from its subject and description.
import { useState } from 'react';
import { api } from '../../app/api';
import { useAsync } from '../../app/data';
import { useLocale, useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner } from '../../ui/feedback';
import { useSubmit } from '../../ui/kit';
import { similarityPercent, type Problem, type Suggestion } from './guardian';
import m from './guardian.i18n';

export function RaiseProblem(props: { ticketId: number }) {
  const t = useT(m);
  const { me } = useSession();
  const submit = useSubmit();
  const [made, setMade] = useState<Problem | null>(null);
  const reads = can(me, 'problem.read');
  if (!can(me, 'problem.raise') && !reads) return null;
  const raise = () =>
    void submit.run(async () => {
      // The button is disabled while this runs: a double click raises it once.
      const p = await api.post<Problem>(`/api/v1/tickets/${props.ticketId}/raise-problem`);
      setMade(p);
    });
  return (
    <div className="stack raise-problem">
      {reads && <KnownProblems ticketId={props.ticketId} />}
      {can(me, 'problem.raise') && (
        <>
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
            {made && reads && (
              <>
                {' '}
                <Link to={`/guardian/problems/${made.id}`}>{t('openRecord', { id: made.id })}</Link>
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}

// The records the ticket looks like (GET /api/v1/tickets/{id}/problem-suggestions); nothing at all
// when there are none or they cannot be read (a hint, not the page's business).
function KnownProblems(props: { ticketId: number }) {
  const t = useT(m);
  const { locale } = useLocale();
  const known = useAsync(
    () => api.get<{ items: Suggestion[] }>(`/api/v1/tickets/${props.ticketId}/problem-suggestions`).then((x) => x.items),
    [props.ticketId],
  );
  const items = known.data ?? [];
  return (
    <div className="known-problems" role="status">
      {items.length > 0 && (
        <>
          <span>{t('mayBeKnown')}</span>
          <ul className="plain" aria-label={t('knownProblems')}>
            {items.map((s) => (
              <li key={s.problem.id}>
                <Link to={`/guardian/problems/${s.problem.id}`}>{t('problemLink', { id: s.problem.id, title: s.problem.title })}</Link>{' '}
                <span className="muted">{t('similarityOf', { percent: similarityPercent(s.similarity, locale) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
