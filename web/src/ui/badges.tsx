// Status and priority shown the same way everywhere: a word, never a colour alone.
import common from '../app/common.i18n';
import { useT } from '../app/i18n';
import type { Priority, TicketStatus } from '../model/types';

export function StatusBadge(props: { status: TicketStatus }) {
  const t = useT(common);
  return <span className={`badge status-${props.status}`}>{t(`status_${props.status}`)}</span>;
}

export function PriorityBadge(props: { priority: Priority }) {
  return <span className={`badge priority-${props.priority}`}>{props.priority}</span>;
}

export function Stars(props: { stars: number; label: string }) {
  return (
    <span className="stars" role="img" aria-label={props.label}>
      {'★'.repeat(props.stars)}
      <span className="stars-off">{'★'.repeat(5 - props.stars)}</span>
    </span>
  );
}
