// A phone call's (or visit's) fields, shared by "Log a phone call" on a ticket and by a new ticket
// opened from a call (POST /api/v1/calls; docs/WEB.md).
import { useT } from '../../app/i18n';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import tickets from '../../ui/tickets.i18n';
import m from './ticket.i18n';

export interface CallForm {
  direction: 'inbound' | 'outbound';
  caller: string;
  minutes: string; // as typed
  outcome: 'follow_up' | 'resolved' | 'no_answer' | 'left_message';
  notes: string;
  internal: boolean;
}

export const CALL_FIELDS = ['direction', 'caller', 'duration_seconds', 'outcome', 'notes', 'internal'];

export const newCallForm = (caller = ''): CallForm => ({ direction: 'inbound', caller, minutes: '5', outcome: 'follow_up', notes: '', internal: true });

// The call's members of a request body: minutes become whole seconds; what is wrong is left for
// the server to name.
export function callBody(f: CallForm): Record<string, unknown> {
  const minutes = f.minutes.trim() === '' ? 0 : Number(f.minutes);
  return {
    direction: f.direction,
    caller: f.caller,
    duration_seconds: Number.isFinite(minutes) ? Math.round(minutes * 60) : f.minutes,
    outcome: f.outcome,
    notes: f.notes,
    internal: f.internal,
  };
}

export function CallFields(props: { value: CallForm; onChange: (change: Partial<CallForm>) => void; fe: (field: string) => string | undefined; canResolve: boolean }) {
  const t = useT(m);
  const tl = useT(tickets);
  const { value: f, onChange: set, fe } = props;
  return (
    <>
      <SelectField
        label={t('callDirection')}
        value={f.direction}
        onChange={(e) => set({ direction: e.target.value as CallForm['direction'] })}
        error={fe('direction')}
        options={[
          { value: 'inbound', label: t('inbound') },
          { value: 'outbound', label: t('outbound') },
        ]}
      />
      <TextField label={t('caller')} value={f.caller} required onChange={(e) => set({ caller: e.target.value })} error={fe('caller')} />
      <TextField label={t('minutes')} type="number" min={0} max={1440} step={1} value={f.minutes} onChange={(e) => set({ minutes: e.target.value })} error={fe('duration_seconds')} />
      <SelectField
        label={t('outcome')}
        value={f.outcome}
        onChange={(e) => set({ outcome: e.target.value as CallForm['outcome'] })}
        error={fe('outcome')}
        // "Resolved on the call" also resolves the ticket, which needs ticket.update.
        options={(['follow_up', 'resolved', 'no_answer', 'left_message'] as const)
          .filter((o) => o !== 'resolved' || props.canResolve)
          .map((o) => ({ value: o, label: tl(`outcome_${o}`) }))}
      />
      <TextArea label={t('callNotes')} rows={4} value={f.notes} onChange={(e) => set({ notes: e.target.value })} error={fe('notes')} />
      <Checkbox label={t('callInternal')} checked={f.internal} onChange={(e) => set({ internal: e.target.checked })} error={fe('internal')} />
    </>
  );
}
