// The escalation matrix editor of an SLA policy (docs/ESCALATION.md): which tickets it applies to,
// the customers' request cooldown, and the ordered levels — each with its trigger, deadline,
// recipients, e-mail and alert channels — added, removed and moved up or down.
import common from '../../app/common.i18n';
import { useT } from '../../app/i18n';
import { PRIORITIES, ROLES, TICKET_TYPES, type AlertChannel, type Priority, type Team, type TicketType, type User } from '../../model/types';
import { Notice } from '../../ui/feedback';
import { Checkbox, SelectField, TextField, type Option } from '../../ui/forms';
import { CheckboxGroup, RowAction, staffOptions } from '../../ui/kit';
import {
  ESCALATION_CLOCKS,
  FIXED_RECIPIENTS,
  MAX_LEVELS,
  moveLevel,
  newLevel,
  RECIPIENT_KINDS,
  TRIGGERS,
  type EscalationClock,
  type FixedRecipient,
  type LevelForm,
  type MatrixForm,
  type RecipientKind,
  type Trigger,
} from './escalation';
import { keepMoveFocus } from '../../ui/focus';
import m from './matrix.i18n';

export interface MatrixChoices {
  teams: Team[];
  users: User[];
  channels: AlertChannel[] | null;  // null: the viewer may not read them
}

function Level(props: {
  level: LevelForm;
  index: number;
  count: number;
  path: string;
  choices: MatrixChoices;
  errorAt: (key: string) => string | undefined;
  onChange: (l: LevelForm) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const l = props.level;
  const n = props.index + 1;
  const p = props.path;
  const set = (patch: Partial<LevelForm>) => props.onChange({ ...l, ...patch });
  const whoOptions = (kind: RecipientKind, chosen: string): Option[] => {
    const none = { value: '', label: t('choose') };
    if (kind === 'role') return [none, ...ROLES.map((r) => ({ value: r, label: c(`role_${r}`) }))];
    if (kind === 'team') return [none, ...[...props.choices.teams].sort((a, b) => a.name.localeCompare(b.name)).map((x) => ({ value: String(x.id), label: x.name }))];
    return staffOptions(props.choices.users, chosen ? Number(chosen) : null, t('choose'));
  };
  const channels = props.choices.channels;
  return (
    <li id={`level-${l.key}`}>
      <fieldset className="stack level" aria-describedby={props.errorAt(p) ? `level-${l.key}-error` : undefined}>
        <legend>{t('level', { n }) + (l.name.trim() ? `: ${l.name.trim()}` : '')}</legend>
        {props.errorAt(p) && (
          <span className="field-error" id={`level-${l.key}-error`}>
            {props.errorAt(p)}
          </span>
        )}
        <TextField label={t('levelName')} value={l.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} error={props.errorAt(`${p}.name`)} />
        <SelectField
          label={t('trigger')}
          value={l.trigger}
          options={TRIGGERS.map((x) => ({ value: x, label: t(`trigger_${x}`) }))}
          onChange={(e) => set({ trigger: e.target.value as Trigger })}
          error={props.errorAt(`${p}.trigger`)}
        />
        {l.trigger === 'percent' && (
          <div className="row wrap">
            <SelectField
              label={t('clock')}
              value={l.clock}
              options={ESCALATION_CLOCKS.map((x) => ({ value: x, label: t(`clock_${x}`) }))}
              onChange={(e) => set({ clock: e.target.value as EscalationClock })}
              error={props.errorAt(`${p}.clock`)}
            />
            <TextField
              label={t('percent')}
              hint={t('percentHint')}
              inputMode="numeric"
              size={5}
              value={l.percent}
              onChange={(e) => set({ percent: e.target.value })}
              error={props.errorAt(`${p}.percent`)}
            />
          </div>
        )}
        <TextField
          label={t('deadline')}
          hint={t('deadlineHint')}
          inputMode="numeric"
          value={l.deadline}
          onChange={(e) => set({ deadline: e.target.value })}
          error={props.errorAt(`${p}.deadline_minutes`)}
        />
        <fieldset
          className="stack"
          aria-invalid={!!props.errorAt(`${p}.recipients`)}
          aria-describedby={props.errorAt(`${p}.recipients`) ? `level-${l.key}-recipients-error` : undefined}
        >
          <legend>{t('recipients')}</legend>
          <div className="checkbox-list">
            {FIXED_RECIPIENTS.map((r) => (
              <Checkbox
                key={r}
                label={t(`rcp_${r}`)}
                checked={l.fixed.includes(r)}
                onChange={(e) =>
                  set({ fixed: FIXED_RECIPIENTS.filter((x) => (x === r ? e.target.checked : l.fixed.includes(x))) as FixedRecipient[] })
                }
              />
            ))}
          </div>
          {l.named.length > 0 && (
            <ul className="plain named-recipients" aria-label={t('named')}>
              {l.named.map((who, i) => (
                <li key={i} className="row wrap">
                  <SelectField
                    label={t('namedKind', { n: i + 1 })}
                    value={who.kind}
                    options={RECIPIENT_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
                    onChange={(e) => set({ named: l.named.map((x, j) => (j === i ? { kind: e.target.value as RecipientKind, id: '' } : x)) })}
                  />
                  <SelectField
                    label={t('namedWho', { n: i + 1 })}
                    value={who.id}
                    options={whoOptions(who.kind, who.id)}
                    onChange={(e) => set({ named: l.named.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)) })}
                  />
                  <button type="button" className="link" onClick={() => set({ named: l.named.filter((_, j) => j !== i) })}>
                    {t('removeNamed', { n: i + 1 })}
                    <span className="visually-hidden"> ({t('ofLevel', { n })})</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <button type="button" onClick={() => set({ named: [...l.named, { kind: 'role', id: '' }] })}>
              {t('addNamed')}
              <span className="visually-hidden"> ({t('ofLevel', { n })})</span>
            </button>
          </div>
          {props.errorAt(`${p}.recipients`) && (
            <span className="field-error" id={`level-${l.key}-recipients-error`}>
              {props.errorAt(`${p}.recipients`)}
            </span>
          )}
        </fieldset>
        <Checkbox label={t('email')} checked={l.email} onChange={(e) => set({ email: e.target.checked })} error={props.errorAt(`${p}.email`)} />
        {channels === null ? (
          l.channels.length > 0 && <Notice>{t('channelsHidden', { count: l.channels.length })}</Notice>
        ) : (
          <CheckboxGroup
            legend={t('channels')}
            options={channels.map((x) => ({ value: String(x.id), label: x.name }))}
            value={l.channels.map(String)}
            onChange={(v) => set({ channels: v.map(Number) })}
            error={props.errorAt(`${p}.channel_ids`)}
            empty={t('noChannels')}
          />
        )}
        <div className="row level-actions">
          <RowAction label={t('moveUp')} of={t('ofLevel', { n })} onClick={() => props.onMove(-1)} disabled={props.index === 0} />
          <RowAction label={t('moveDown')} of={t('ofLevel', { n })} onClick={() => props.onMove(1)} disabled={props.index === props.count - 1} />
          <RowAction label={t('removeLevel')} of={t('ofLevel', { n })} onClick={props.onRemove} danger />
        </div>
      </fieldset>
    </li>
  );
}

export function EscalationMatrixEditor(props: {
  value: MatrixForm;
  onChange: (v: MatrixForm) => void;
  errorAt: (key: string) => string | undefined;
  choices: MatrixChoices;
}) {
  const t = useT(m);
  const c = useT(common);
  const v = props.value;
  const set = (patch: Partial<MatrixForm>) => props.onChange({ ...v, ...patch });
  const levels = v.levels;
  return (
    <fieldset className="stack matrix">
      <legend>{t('title')}</legend>
      <p className="muted">{t('intro')}</p>
      {props.errorAt('escalation') && <span className="field-error">{props.errorAt('escalation')}</span>}
      <p className="muted">{t('typesHint')}</p>
      <CheckboxGroup
        legend={t('types')}
        options={TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }))}
        value={v.types}
        onChange={(types) => set({ types: TICKET_TYPES.filter((x) => types.includes(x)) as TicketType[] })}
        error={props.errorAt('escalation.types')}
      />
      <SelectField
        label={t('maxPriority')}
        value={v.maxPriority}
        options={PRIORITIES.map((p) => ({ value: p, label: t('upTo', { p }) }))}
        onChange={(e) => set({ maxPriority: e.target.value as Priority })}
        error={props.errorAt('escalation.max_priority')}
      />
      <TextField
        label={t('cooldown')}
        inputMode="numeric"
        value={v.cooldown}
        onChange={(e) => set({ cooldown: e.target.value })}
        error={props.errorAt('escalation.request_cooldown_minutes')}
      />
      <h3>{t('levels')}</h3>
      {props.errorAt('escalation.levels') && <span className="field-error">{props.errorAt('escalation.levels')}</span>}
      {levels.length === 0 ? (
        <p className="empty">{t('noLevels')}</p>
      ) : (
        <ol className="plain levels">
          {levels.map((l, i) => (
            <Level
              key={l.key}
              level={l}
              index={i}
              count={levels.length}
              path={`escalation.levels[${i}]`}
              choices={props.choices}
              errorAt={props.errorAt}
              onChange={(x) => set({ levels: levels.map((y, j) => (j === i ? x : y)) })}
              onMove={(by) => {
                set({ levels: moveLevel(levels, i, by) });
                keepMoveFocus(`level-${l.key}`);
              }}
              onRemove={() => set({ levels: levels.filter((_, j) => j !== i) })}
            />
          ))}
        </ol>
      )}
      <div className="row">
        <button type="button" onClick={() => set({ levels: [...levels, newLevel()] })} disabled={levels.length >= MAX_LEVELS}>
          {t('addLevel')}
        </button>
        {levels.length >= MAX_LEVELS && <span className="muted">{t('maxLevels')}</span>}
      </div>
    </fieldset>
  );
}
