// The ticket's SLA clocks in the sidebar: each clock's state in words, a countdown to its due
// time (or how long it is overdue), business time used of the target, and the next warning; the
// customer-update promise when the ticket has one (its cycles and the ones missed); and the terms
// the ticket is measured by (contract, policy, calendar). It reloads when the ticket changes and
// once a minute, since clocks move with time alone.
import type { ReactNode } from 'react';
import { useRefreshing } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { ErrorBanner } from '../../ui/feedback';
import { Details } from '../../ui/kit';
import { countdown, formatDuration, loadClocks, updateStarted, usedPercent, type Clock, type Terms, type UpdateClock } from './sla';
import m from './ticket.i18n';

function ClockRow(props: { label: string; clock: Clock; now: number; resolution?: boolean; extra?: ReactNode }) {
  const t = useT(m);
  const f = useFormat();
  const c = props.clock;
  const cd = countdown(c, props.now);
  const used = usedPercent(c);
  return (
    <div className={`sla-clock sla-${c.state}`}>
      <dt>
        {props.label} <span className={`badge sla-${c.state}`}>{t(`sla_${c.state}`)}</span>
      </dt>
      <dd>
        {cd.kind === 'dueIn' && (
          <p>
            {t('slaDueIn', { time: formatDuration(cd.seconds) })} · <time dateTime={c.due ?? ''}>{f.dateTime(c.due)}</time>
          </p>
        )}
        {cd.kind === 'overdue' && (
          <p className="sla-overdue">
            {t('slaOverdue', { time: formatDuration(cd.seconds) })} · <time dateTime={c.due ?? ''}>{f.dateTime(c.due)}</time>
          </p>
        )}
        {c.stopped_at && (
          <p>
            {t('slaStopped')} <time dateTime={c.stopped_at}>{f.dateTime(c.stopped_at)}</time>
          </p>
        )}
        <p className="muted">
          {t('slaUsed', { used: formatDuration(c.elapsed_seconds), target: formatDuration(c.target_seconds) })}
          {props.resolution && (c.paused_seconds ?? 0) > 0 ? ` · ${t('slaPaused', { time: formatDuration(c.paused_seconds ?? 0) })}` : ''}
        </p>
        <meter min={0} max={100} low={75} high={90} optimum={0} value={used} aria-label={t('slaMeter', { percent: used })} />
        {props.resolution && c.warn_at && (
          <p className="muted">
            {t('slaNextWarning')} <time dateTime={c.warn_at}>{f.dateTime(c.warn_at)}</time>
          </p>
        )}
        {props.extra}
      </dd>
    </div>
  );
}

// The update promise: before the first response there is no cycle yet.
function UpdateRow(props: { clock: UpdateClock; now: number }) {
  const t = useT(m);
  const c = props.clock;
  if (!updateStarted(c)) {
    return (
      <div className="sla-clock">
        <dt>{t('slaUpdate')}</dt>
        <dd>
          <p className="muted">{t('slaUpdateNotYet')}</p>
        </dd>
      </div>
    );
  }
  const cycles = <p className="muted">{t('slaCycles', { cycles: c.cycles, breached: c.breached_cycles })}</p>;
  return <ClockRow label={t('slaUpdate')} clock={c} now={props.now} resolution extra={cycles} />;
}

function TermsList(props: { terms: Terms }) {
  const t = useT(m);
  const x = props.terms;
  return (
    <>
      <h3 className="sla-terms-heading">{t('slaTerms')}</h3>
      <Details
        items={[
          [t('slaContract'), x.contract ?? <span className="muted">{t('slaNoContract')}</span>],
          [t('slaPolicy'), x.policy],
          [t('slaCalendar'), x.calendar ?? '—'],
        ]}
      />
    </>
  );
}

export function TicketSla(props: { id: number; version: number }) {
  const t = useT(m);
  const { data: clocks, error, now } = useRefreshing(() => loadClocks(props.id), [props.id, props.version]);

  return (
    <section className="card sla" aria-labelledby="sla-heading">
      <h2 id="sla-heading">{t('sla')}</h2>
      {error !== null && !clocks && <ErrorBanner error={error} />}
      {clocks && !clocks.sla && <p className="muted">{t('slaNone')}</p>}
      {clocks?.sla && (
        <dl className="sla-clocks">
          <ClockRow label={t('slaFirstResponse')} clock={clocks.sla.first_response} now={now} />
          <ClockRow label={t('slaResolution')} clock={clocks.sla.resolution} now={now} resolution />
          {clocks.sla.update && <UpdateRow clock={clocks.sla.update} now={now} />}
        </dl>
      )}
      {clocks?.terms && <TermsList terms={clocks.terms} />}
    </section>
  );
}
