// The escalation log (/escalations): every level of the matrix that fired, newest first, a page
// at a time: the ticket, the level, why it fired, when, its deadline, its state in words (open,
// missed, acknowledged), who acknowledged it and how, who was told — and an Acknowledge button on
// each level still waiting. Which levels are shown lives in the address (?state=open|acknowledged|all).
import { useEffect } from 'react';
import { useNow } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { Link, useLocation } from '../../app/router';
import { ESCALATION_FILTERS, loadEscalationLog, stateAt, type Escalation, type EscalationFilter } from '../../ui/escalation';
import {
  AcknowledgeButton,
  AcknowledgedLine,
  Deadline,
  EscalationStateBadge,
  ToldList,
  useAcknowledge,
  useEscalationWords,
} from '../../ui/EscalationParts';
import { ErrorBanner, LiveAnnouncement, Loading } from '../../ui/feedback';
import { FormProblem, ShowMore, usePaged } from '../../ui/kit';
import m from './escalationLog.i18n';

const PAGE = 50;

export function filterFrom(search: URLSearchParams): EscalationFilter {
  const s = search.get('state');
  return ESCALATION_FILTERS.find((x) => x === s) ?? 'open';
}

export function EscalationLogPage() {
  const t = useT(m);
  const words = useEscalationWords();
  const f = useFormat();
  const { search } = useLocation();
  const filter = filterFrom(search);
  const now = useNow();
  const paged = usePaged<Escalation, number>(
    (before) => loadEscalationLog(filter, before, PAGE).then((p) => ({ items: p.items, next: p.next_before })),
    [filter],
  );
  const ack = useAcknowledge((row) => paged.update((items) => items.map((x) => (x.id === row.id ? row : x))));
  // New levels fire on their own: the first page is read again each minute (a longer list, paged
  // by hand, stays as it is).
  const { loaded, items, reload } = paged;
  useEffect(() => {
    if (loaded && items.length <= PAGE) reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [now]);
  const caption = t(`caption_${filter}`);

  return (
    <section className="escalation-log">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <nav className="subnav" aria-label={t('show')}>
        {ESCALATION_FILTERS.map((x) => (
          <Link key={x} to={x === 'open' ? '/escalations' : `/escalations?state=${x}`} aria-current={x === filter ? 'page' : undefined}>
            {t(`filter_${x}`)}
          </Link>
        ))}
      </nav>
      <LiveAnnouncement message={ack.announcement} />
      <FormProblem error={ack.error} noForm onReload={paged.reload} />
      <ErrorBanner error={paged.error} onRetry={paged.reload} />
      {!paged.loaded ? (
        paged.loading && <Loading />
      ) : paged.items.length === 0 ? (
        <p className="empty">{t(`empty_${filter}`)}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
          <table className="data escalations">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colTicket')}</th>
                <th scope="col">{t('colLevel')}</th>
                <th scope="col">{t('colWhy')}</th>
                <th scope="col">{t('colFired')}</th>
                <th scope="col">{t('colDeadline')}</th>
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('colAcknowledged')}</th>
                <th scope="col">{t('colTold')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('colAction')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((e) => (
                <tr key={e.id} id={`escalation-${e.id}`} tabIndex={-1}>
                  <td>
                    <Link to={`/tickets/${e.ticket_id}`}>#{e.ticket_id}</Link> {e.subject}
                  </td>
                  <td>{words.level(e.level, e.name)}</td>
                  <td>{words.cause(e) || '—'}</td>
                  <td>
                    <time dateTime={e.fired_at} title={f.full(e.fired_at)}>
                      {f.dateTime(e.fired_at)}
                    </time>
                  </td>
                  <td>
                    <Deadline e={e} now={now} />
                  </td>
                  <td>
                    <EscalationStateBadge state={stateAt(e, now)} />
                  </td>
                  <td>{e.acknowledged_at ? <AcknowledgedLine e={e} /> : '—'}</td>
                  <td>
                    <ToldList recipients={e.recipients} channels={e.channels} />
                  </td>
                  <td>
                    {!e.acknowledged_at && (
                      <AcknowledgeButton e={e} busy={ack.busy(e)} onClick={() => ack.run(e, () => document.getElementById(`escalation-${e.id}`))} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={paged} />
    </section>
  );
}
