// The ticket's SLA clocks in the sidebar: each clock's state in words, a countdown to its due
// time (or how long it is overdue), business time used of the target, and the next warning. It
// reloads when the ticket changes and once a minute, since clocks move with time alone.
import { useEffect, useState } from 'react';
import { useFormat, useT } from '../../app/i18n';
import { ErrorBanner } from '../../ui/feedback';
import { countdown, formatDuration, loadClocks, usedPercent, type Clock, type TicketClocks } from './sla';
import m from './ticket.i18n';

const REFRESH_MS = 60_000;

function ClockRow(props: { label: string; clock: Clock; now: number; resolution?: boolean }) {
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
      </dd>
    </div>
  );
}

export function TicketSla(props: { id: number; version: number }) {
  const t = useT(m);
  const [clocks, setClocks] = useState<TicketClocks | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    const load = () =>
      loadClocks(props.id).then(
        (x) => {
          if (!live) return;
          setClocks(x);
          setError(null);
          setNow(Date.now());
        },
        (e) => live && setError(e),
      );
    void load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [props.id, props.version]);

  return (
    <section className="card sla" aria-labelledby="sla-heading">
      <h2 id="sla-heading">{t('sla')}</h2>
      {error !== null && !clocks && <ErrorBanner error={error} />}
      {clocks && !clocks.sla && <p className="muted">{t('slaNone')}</p>}
      {clocks?.sla && (
        <dl className="sla-clocks">
          <ClockRow label={t('slaFirstResponse')} clock={clocks.sla.first_response} now={now} />
          <ClockRow label={t('slaResolution')} clock={clocks.sla.resolution} now={now} resolution />
        </dl>
      )}
    </section>
  );
}
