// The SLA column of ticket lists: for each row, the clock that matters most now (see
// pressingClock) as a short countdown, "overdue" in words, or the state, and a marker when an
// escalation level waits for acknowledgement. The clocks of the rows shown are fetched together
// (GET /api/v1/sla/clocks), the levels waiting from the escalation log (its newest 200), both
// refreshed each minute.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../app/api';
import { useRefreshing } from '../../app/data';
import { useT } from '../../app/i18n';
import type { Ticket } from '../../model/types';
import { loadEscalationLog, stateAt, waitingByTicket, type Escalation } from '../../ui/escalation';
import { useEscalationWords } from '../../ui/EscalationParts';
import type { ExtraColumn } from '../../ui/TicketTable';
import { countdown, formatDuration, pressingClock, type TicketClocks } from './sla';
import m from './ticket.i18n';

const REFRESH_MS = 60_000;
const BATCH = 100;

function useClocksOf(ids: number[]): Map<number, TicketClocks> | null {
  const key = ids.join(',');
  const [clocks, setClocks] = useState<Map<number, TicketClocks> | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const list = key ? key.split(',').map(Number) : [];
      const batches: number[][] = [];
      for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH));
      try {
        const pages = await Promise.all(batches.map((b) => api.get<{ items: TicketClocks[] }>(`/api/v1/sla/clocks?ids=${b.join(',')}`)));
        if (live) setClocks(new Map(pages.flatMap((p) => p.items).map((x) => [x.ticket_id, x])));
      } catch {
        if (live) setClocks(new Map());  // the column then shows no clocks; the list itself still works
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [key]);
  return clocks;
}

function useWaitingEscalations(): Map<number, Escalation> {
  const { data } = useRefreshing(() => loadEscalationLog('open', undefined, 200).then((p) => waitingByTicket(p.items)), [], REFRESH_MS);
  return data ?? new Map();
}

// "Escalated · L2" or "Escalation missed · L2" — in words, under the clock; the level's name as a tooltip.
function EscalationMarker(props: { e: Escalation | undefined }) {
  const words = useEscalationWords();
  const e = props.e;
  if (!e) return null;
  const state = stateAt(e, Date.now()) === 'missed' ? 'missed' : 'open';
  return (
    <>
      <br />
      <span className={`badge escalation-marker escalation-${state}`} title={words.level(e.level, e.name)}>
        {words.t(`queueMarker_${state}`, { level: e.level })}
      </span>
    </>
  );
}

function SlaCell(props: { clocks: TicketClocks | undefined; loading: boolean; escalation?: Escalation }) {
  return (
    <>
      <ClockCell clocks={props.clocks} loading={props.loading} />
      <EscalationMarker e={props.escalation} />
    </>
  );
}

function ClockCell(props: { clocks: TicketClocks | undefined; loading: boolean }) {
  const t = useT(m);
  if (props.loading) return <span className="muted">…</span>;
  const pick = pressingClock(props.clocks?.sla ?? null);
  if (!pick) return <span className="muted" title={t('slaNone')}>—</span>;
  const which = t(pick.which === 'first_response' ? 'slaShortResponse' : pick.which === 'update' ? 'slaShortUpdate' : 'slaShortResolution');
  const cd = countdown(pick.clock, Date.now());
  if (cd.kind === 'dueIn') return <span className="sla-cell">{t('slaCellDueIn', { clock: which, time: formatDuration(cd.seconds) })}</span>;
  if (cd.kind === 'overdue') {
    return <span className="sla-cell sla-overdue">{t('slaCellOverdue', { clock: which, time: formatDuration(cd.seconds) })}</span>;
  }
  return <span className={`badge sla-${pick.clock.state}`}>{`${which}: ${t(`sla_${pick.clock.state}`)}`}</span>;
}

export function useSlaColumn(tickets: Ticket[]): ExtraColumn {
  const t = useT(m);
  const ids = useMemo(() => tickets.map((x) => x.id), [tickets]);
  const clocks = useClocksOf(ids);
  const waiting = useWaitingEscalations();
  return {
    key: 'sla',
    header: t('sla'),
    sortKey: 'sla_due',
    cell: (x) => <SlaCell clocks={clocks?.get(x.id)} loading={clocks === null} escalation={waiting.get(x.id)} />,
  };
}
