// Pieces every escalation screen shows the same way: a level's name, why it fired, its state in
// words (never a colour alone), its deadline as a countdown or "missed", who acknowledged it and
// how, who was told, and the Acknowledge button.
import { useState } from 'react';
import { useFormat, useT, type Translate } from '../app/i18n';
import { formatDuration } from './duration';
import { acknowledge, deadlineCountdown, parseCause, recipientName, type Escalation, type EscalationState } from './escalation';
import m from './escalation.i18n';
import { refocus } from './focus';
import { useSubmit } from './kit';

type Words = Translate<keyof (typeof m)['en']>;

// "Level 2 — NOC manager" (or "level 2 — …" inside a sentence); the name may be unknown.
export function levelLabel(t: Words, level: number | string, name?: string | null, inText = false): string {
  if (name) return t(inText ? 'levelInTextNamed' : 'levelNamed', { level, name });
  return t(inText ? 'levelInText' : 'levelOnly', { level });
}

// Why a level fired, in words ("level 1 was not acknowledged in time"); "" when not known (a
// contact sees the cause only of a customer's request).
export function causeText(
  t: Words,
  e: { cause: string | null | undefined; level: number; requested_by?: { name: string } | null },
): string {
  const c = parseCause(e.cause);
  switch (c.kind) {
    case 'created':
      return t('cause_created');
    case 'unacknowledged':
      return t('cause_unacknowledged', { previous: e.level - 1 });
    case 'customer_request':
      return e.requested_by ? t('cause_customerBy', { name: e.requested_by.name }) : t('cause_customer');
    case 'percent': {
      const known = ['first_response', 'resolution', 'update'].includes(c.clock);
      const clock = known ? t(`clock_${c.clock as 'resolution'}`) : c.clock;
      return c.percent >= 100 ? t('cause_breach', { clock }) : t('cause_percent', { percent: c.percent, clock });
    }
    case 'other':
      return c.text;
    case 'none':
      return '';
  }
}

export function useEscalationWords() {
  const t = useT(m);
  return {
    t,
    level: (level: number | string, name?: string | null, inText = false) => levelLabel(t, level, name, inText),
    cause: (e: Parameters<typeof causeText>[1]) => causeText(t, e),
  };
}

export function EscalationStateBadge(props: { state: EscalationState }) {
  const t = useT(m);
  return <span className={`badge escalation-${props.state}`}>{t(`state_${props.state}`)}</span>;
}

// The deadline's time, and a countdown while the level waits ("due in 1 h 58 min"), or how long
// ago it was missed.
export function Deadline(props: { e: Pick<Escalation, 'acknowledged_at' | 'deadline_at'>; now: number }) {
  const t = useT(m);
  const f = useFormat();
  const { e } = props;
  if (!e.deadline_at) return <span className="muted">{t('noDeadline')}</span>;
  const cd = deadlineCountdown(e, props.now);
  return (
    <>
      <time dateTime={e.deadline_at} title={f.full(e.deadline_at)}>
        {f.dateTime(e.deadline_at)}
      </time>
      {cd.kind === 'dueIn' && <> · {t('deadlineIn', { time: formatDuration(cd.seconds) })}</>}
      {cd.kind === 'overdue' && <span className="sla-overdue"> · {t('deadlineMissed', { time: formatDuration(cd.seconds) })}</span>}
    </>
  );
}

// "Acknowledged by Ana, 04/12/2026 12:32, from the e-mail link — after the deadline".
export function AcknowledgedLine(props: { e: Pick<Escalation, 'acknowledged_at' | 'acknowledged_by' | 'via' | 'late' | 'deadline_at'> }) {
  const t = useT(m);
  const f = useFormat();
  const { e } = props;
  if (!e.acknowledged_at) return null;
  return (
    <>
      {t('acknowledgedBy', {
        name: e.acknowledged_by?.name ?? '—',
        when: f.dateTime(e.acknowledged_at),
        via: t(e.via === 'link' ? 'via_link' : 'via_app'),
      })}
      {e.deadline_at && <> — {t(e.late ? 'ackLate' : 'ackInTime')}</>}
    </>
  );
}

// The people and channels told of a level, by name (the address as a tooltip).
export function ToldList(props: { recipients?: string[]; channels?: string[] }) {
  const t = useT(m);
  const people = props.recipients ?? [];
  const channels = props.channels ?? [];
  if (people.length + channels.length === 0) return <span className="muted">{t('toldNobody')}</span>;
  return (
    <>
      {people.map((r, i) => (
        <span key={`p${i}`} title={r}>
          {i > 0 && ', '}
          {recipientName(r)}
        </span>
      ))}
      {channels.map((c, i) => (
        <span key={`c${i}`}>
          {people.length + i > 0 && ', '}
          {c}
        </span>
      ))}
    </>
  );
}

// The Acknowledge button of one level; screen readers hear which level of which ticket.
export function AcknowledgeButton(props: { e: Pick<Escalation, 'level' | 'ticket_id'>; busy: boolean; onClick: () => void; primary?: boolean }) {
  const t = useT(m);
  return (
    <button type="button" className={props.primary ? 'primary' : undefined} disabled={props.busy} aria-busy={props.busy} onClick={props.onClick}>
      {props.busy ? t('acknowledging') : t('acknowledge')}
      <span className="visually-hidden"> ({t('acknowledgeWhat', { level: props.e.level, ticket: props.e.ticket_id })})</span>
    </button>
  );
}

// Acknowledging levels from a list: which one is under way, the error, and a sentence for screen
// readers once done. `done` gets the level as the server now has it; focus then goes to
// `focusAfter` (the button is gone).
export function useAcknowledge(done: (row: Escalation) => void) {
  const t = useT(m);
  const submit = useSubmit();
  const [acking, setAcking] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const run = (e: Escalation, focusAfter?: () => Element | null) => {
    setAcking(e.id);
    void submit
      .run(async () => {
        const row = await acknowledge(e.ticket_id, e.level);
        done(row);
        setAnnouncement(t('acknowledgedNotice', { level: row.level, ticket: row.ticket_id }));
      })
      .finally(() => {
        setAcking(null);
        refocus(focusAfter?.());
      });
  };
  return { run, error: submit.error, busy: (e: Escalation) => acking === e.id, announcement };
}
