// The ticket's escalation in the sidebar: each level of the matrix that fired (when, why, who was
// told, its deadline as a countdown or "missed", who acknowledged it and how), an Acknowledge
// button on each level still waiting, and the next level with its due time. It reloads when the
// ticket changes (a level firing gives the ticket a new version) and once a minute.
import { useRefreshing } from '../../app/data';
import { useFormat } from '../../app/i18n';
import { loadTicketEscalations, stateAt } from '../../ui/escalation';
import {
  AcknowledgeButton,
  AcknowledgedLine,
  Deadline,
  EscalationStateBadge,
  ToldList,
  useAcknowledge,
  useEscalationWords,
} from '../../ui/EscalationParts';
import { ErrorBanner, LiveAnnouncement } from '../../ui/feedback';
import { Details, FormProblem } from '../../ui/kit';

export function TicketEscalation(props: { id: number; version: number; onChanged?: () => void }) {
  const words = useEscalationWords();
  const t = words.t;
  const f = useFormat();
  const loaded = useRefreshing(() => loadTicketEscalations(props.id), [props.id, props.version]);
  const data = loaded.data;
  const ack = useAcknowledge((row) => {
    loaded.setData((d) => d && { ...d, items: d.items.map((x) => (x.id === row.id ? row : x)) });
    props.onChanged?.();
  });

  if (!data) return loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null;
  // Tickets outside the matrix (most of them) are never escalated: nothing to show.
  if (data.levels === 0 && data.items.length === 0) return null;
  const now = loaded.now;

  return (
    <section className="card escalation" aria-labelledby="escalation-heading">
      <h2 id="escalation-heading">{t('escalation')}</h2>
      <LiveAnnouncement message={ack.announcement} />
      <FormProblem error={ack.error} noForm onReload={loaded.reload} />
      {data.items.length === 0 && <p className="muted">{t('noneFired')}</p>}
      <ol className="escalation-levels">
        {data.items.map((e) => (
          <li key={e.id}>
            <h3 id={`escalation-level-${e.level}`} tabIndex={-1}>
              {words.level(e.level, e.name)} <EscalationStateBadge state={stateAt(e, now)} />
            </h3>
            <Details
              items={[
                [t('fired'), <time dateTime={e.fired_at} title={f.full(e.fired_at)}>{f.dateTime(e.fired_at)}</time>],
                [t('why'), words.cause(e) || '—'],
                [t('told'), <ToldList recipients={e.recipients} channels={e.channels} />],
                [t('deadline'), <Deadline e={e} now={now} />],
              ]}
            />
            {e.acknowledged_at ? (
              <p>
                <AcknowledgedLine e={e} />
              </p>
            ) : (
              <AcknowledgeButton
                e={e}
                busy={ack.busy(e)}
                onClick={() => ack.run(e, () => document.getElementById(`escalation-level-${e.level}`))}
              />
            )}
          </li>
        ))}
      </ol>
      {data.next && (
        <p className="escalation-next">
          {t('nextLevel', { level: words.level(data.next.level, data.next.name, true) })} ·{' '}
          <Deadline e={{ deadline_at: data.next.due, acknowledged_at: null }} now={now} />
        </p>
      )}
    </section>
  );
}
