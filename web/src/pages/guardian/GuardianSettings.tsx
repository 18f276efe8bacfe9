// The guardian's settings (/guardian/settings): the GUT rule — the seed's (1–3, summed), the
// classic one (1–5, multiplied) or a custom rule: the grades' scale (2–10), sum or product, and its
// bands (each from a score, with a level name and the solutions it makes mandatory; added, removed
// and moved up or down) — the error categories, one a line, and the alert channels told when an
// action of a plan is overdue (docs/GUARDIAN.md, "Overdue alerts"; only those who may read the
// channels see their names, the others keep the ones chosen). Those who may only read see the
// rule in force. docs/GUARDIAN.md, "GUT scoring".
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner, LiveAnnouncement, Loading, Notice } from '../../ui/feedback';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { keepMoveFocus } from '../../ui/focus';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { CheckboxGroup, FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import {
  bandRanges,
  GUT_COMBINES,
  GUT_PRESETS,
  joinWords,
  moveBand,
  newBand,
  placeSettingsField,
  scoreRange,
  settingsBody,
  settingsDraft,
  SOLUTION_KINDS,
  type BandForm,
  type GutCombine,
  type GutPreset,
  type GuardianSettings,
  type GutRule,
  type SettingsDraft,
} from './guardian';
import { levelName } from './Guardian';
import m from './guardian.i18n';

export function GuardianSettingsPage() {
  const t = useT(m);
  const settings = useAsync(() => api.get<GuardianSettings>('/api/v1/guardian/settings'), []);
  const [announce, setAnnounce] = useState('');
  return (
    <article className="stack guardian-settings">
      <LiveAnnouncement message={announce} />
      <p className="breadcrumbs">
        <Link to="/guardian">{t('backToBoard')}</Link>
      </p>
      <h1>{t('settingsTitle')}</h1>
      <ErrorBanner error={settings.error} onRetry={settings.reload} />
      {!settings.data ? (
        !settings.error && <Loading />
      ) : (
        <>
          <RuleInForce rule={settings.data.gut} />
          <SettingsForm
            settings={settings.data}
            onSaved={(s) => {
              settings.setData(s);
              setAnnounce(t('settingsSaved'));
            }}
          />
        </>
      )}
    </article>
  );
}

// The rule in force in words: its grades, how they combine, and each band's scores, level and
// required solutions.
function RuleInForce(props: { rule: GutRule }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const r = props.rule;
  return (
    <section className="card" aria-labelledby="rule-in-force">
      <h2 id="rule-in-force">{t('ruleInForce')}</h2>
      <p>
        {t('ruleLine', {
          preset: t(`preset_${r.preset}`),
          scale: r.scale_max,
          combine: t(`combine_${r.combine}`),
          min: f.number(r.min_score),
          max: f.number(r.max_score),
        })}
      </p>
      <ul>
        {bandRanges(r.bands, r.max_score).map((b) => (
          <li key={b.min}>
            {t('bandLine', {
              scores: b.min === b.to ? f.number(b.min) : `${f.number(b.min)}–${f.number(b.to)}`,
              level: levelName(t, b.level),
              required: b.required.length ? joinWords(b.required.map((k) => t(`kind_${k}`)), locale) : t('nothingRequired'),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SettingsForm(props: { settings: GuardianSettings; onSaved: (s: GuardianSettings) => void }) {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const readOnly = !can(me, 'problem.write');
  const [d, setD] = useState<SettingsDraft>(() => settingsDraft(props.settings));
  const set = (patch: Partial<SettingsDraft>) => setD((x) => ({ ...x, ...patch }));
  // The bands' keys as last sent: the server names them by their place then.
  const [sentKeys, setSentKeys] = useState<number[]>([]);
  const submit = useSubmit();
  const placed = usePlacedErrors(submit.error, (field) => placeSettingsField(field, sentKeys), {});
  const err = placed.at;
  const add = useRef<HTMLButtonElement>(null);
  const scale = Number(d.scale_max);
  const range = Number.isInteger(scale) && scale >= 2 && scale <= 10 ? scoreRange(scale, d.combine) : null;
  const save = (e: FormEvent) => {
    e.preventDefault();
    setSentKeys(d.bands.map((b) => b.key));
    void submit.run(async () => {
      props.onSaved(await api.put<GuardianSettings>('/api/v1/guardian/settings', settingsBody(d)));
    });
  };
  const appendBand = () => {
    const b = newBand();
    set({ bands: [...d.bands, b] });
    requestAnimationFrame(() => document.getElementById(`band-${b.key}`)?.querySelector<HTMLElement>('input')?.focus());
  };
  return (
    <form className="stack guardian-settings-form" onSubmit={save} noValidate aria-label={t('settingsTitle')}>
      <FormProblem error={submit.error} shown={placed.shown} />
      <fieldset disabled={readOnly} className="stack bare">
        <fieldset className="stack" aria-describedby={err('preset') ? 'preset-error' : undefined}>
          <legend>{t('gutRule')}</legend>
          {GUT_PRESETS.map((x) => (
            <Checkbox
              key={x}
              type="radio"
              name="preset"
              label={t(`presetChoice_${x}`)}
              checked={d.preset === x}
              onChange={() => set({ preset: x as GutPreset })}
            />
          ))}
          {err('preset') && (
            <p className="field-error" id="preset-error">
              {err('preset')}
            </p>
          )}
        </fieldset>
        {d.preset === 'custom' && (
          <fieldset className="stack" aria-describedby={err('rule') ? 'rule-error' : undefined}>
            <legend>{t('customRule')}</legend>
            {err('rule') && (
              <p className="field-error" id="rule-error">
                {err('rule')}
              </p>
            )}
            <div className="row wrap">
              <TextField
                label={t('scaleMax')}
                type="number"
                min={2}
                max={10}
                value={d.scale_max}
                onChange={(e) => set({ scale_max: e.target.value })}
                error={err('scale_max')}
              />
              <SelectField
                label={t('combine')}
                value={d.combine}
                options={GUT_COMBINES.map((x) => ({ value: x, label: t(`combineOption_${x}`) }))}
                onChange={(e) => set({ combine: e.target.value as GutCombine })}
                error={err('combine')}
              />
            </div>
            <p className="hint" role="status">
              {range ? t('scoresFrom', { min: f.number(range.min), max: f.number(range.max) }) : t('scaleHint')}
            </p>
            <p className="hint">{t('bandsHint')}</p>
            <ol className="plain levels">
              {d.bands.map((b, i) => (
                <BandEditor
                  key={b.key}
                  band={b}
                  index={i}
                  count={d.bands.length}
                  errorAt={err}
                  onChange={(x) => set({ bands: d.bands.map((y, j) => (j === i ? x : y)) })}
                  onMove={(by) => {
                    set({ bands: moveBand(d.bands, i, by) });
                    keepMoveFocus(`band-${b.key}`);
                  }}
                  onRemove={() => {
                    set({ bands: d.bands.filter((_, j) => j !== i) });
                    requestAnimationFrame(() => add.current?.focus());
                  }}
                />
              ))}
            </ol>
            {d.bands.length === 0 && <p className="empty">{t('noBands')}</p>}
            <div className="row">
              <button type="button" ref={add} onClick={appendBand}>
                {t('addBand')}
              </button>
            </div>
          </fieldset>
        )}
        <TextArea
          label={t('errorCategories')}
          hint={t('errorCategoriesHint')}
          rows={6}
          value={d.error_categories}
          onChange={(e) => set({ error_categories: e.target.value })}
          error={err('error_categories')}
        />
        <AlertChannelsChoice
          choices={props.settings.alert_channel_choices}
          value={d.alert_channel_ids}
          onChange={(alert_channel_ids) => set({ alert_channel_ids })}
          error={err('alert_channel_ids')}
        />
      </fieldset>
      {!readOnly && <FormButtons busy={submit.busy} label={t('saveSettings')} />}
    </form>
  );
}

function BandEditor(props: {
  band: BandForm;
  index: number;
  count: number;
  errorAt: (key: string) => string | undefined;
  onChange: (b: BandForm) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const t = useT(m);
  const b = props.band;
  const n = props.index + 1;
  const p = `bands.${b.key}`;
  const set = (patch: Partial<BandForm>) => props.onChange({ ...b, ...patch });
  const of = t('ofBand', { n });
  const requiredError = props.errorAt(`${p}.required`);
  return (
    <li id={`band-${b.key}`}>
      <fieldset className="stack level" aria-describedby={props.errorAt(p) ? `band-${b.key}-error` : undefined}>
        <legend>{t('bandN', { n }) + (b.level.trim() ? `: ${b.level.trim()}` : '')}</legend>
        {props.errorAt(p) && (
          <span className="field-error" id={`band-${b.key}-error`}>
            {props.errorAt(p)}
          </span>
        )}
        <div className="row wrap">
          <TextField label={t('bandMin')} type="number" min={1} value={b.min} onChange={(e) => set({ min: e.target.value })} error={props.errorAt(`${p}.min`)} />
          <TextField label={t('bandLevel')} value={b.level} maxLength={40} onChange={(e) => set({ level: e.target.value })} error={props.errorAt(`${p}.level`)} />
        </div>
        <fieldset className="stack" aria-describedby={requiredError ? `band-${b.key}-required-error` : undefined}>
          <legend>{t('bandRequired')}</legend>
          <div className="row wrap">
            {SOLUTION_KINDS.map((k) => (
              <Checkbox
                key={k}
                label={t(`solution_${k}`)}
                checked={b.required.includes(k)}
                onChange={(e) => set({ required: e.target.checked ? [...b.required, k] : b.required.filter((x) => x !== k) })}
              />
            ))}
          </div>
          {requiredError && (
            <p className="field-error" id={`band-${b.key}-required-error`}>
              {requiredError}
            </p>
          )}
        </fieldset>
        <div className="row level-actions">
          <RowAction label={t('moveUp')} of={of} onClick={() => props.onMove(-1)} disabled={props.index === 0} />
          <RowAction label={t('moveDown')} of={of} onClick={() => props.onMove(1)} disabled={props.index === props.count - 1} />
          <RowAction label={t('removeBand')} of={of} onClick={props.onRemove} danger />
        </div>
      </fieldset>
    </li>
  );
}

// The alert channels told of an overdue action (the SLA alerts' channels), as the settings list
// them for those who may set them; others see how many are chosen.
function AlertChannelsChoice(props: {
  choices: GuardianSettings['alert_channel_choices'];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  const t = useT(m);
  const c = useT(common);
  if (props.choices === undefined) {
    return props.value.length > 0 ? <Notice>{t('channelsHidden', { count: props.value.length })}</Notice> : null;
  }
  const options = props.choices.map((x) => ({ value: String(x.id), label: x.active ? x.name : `${x.name} (${c('inactive')})` }));
  // A channel chosen once and deleted since is still shown, so saving never drops it unseen.
  for (const id of props.value) if (!options.some((o) => o.value === id)) options.push({ value: id, label: `#${id}` });
  return (
    <div className="stack">
      <CheckboxGroup
        legend={t('alertChannels')}
        options={options}
        value={props.value}
        onChange={props.onChange}
        error={props.error}
        filterLabel={t('findChannel')}
        empty={t('noAlertChannels')}
      />
      <p className="hint">{t('alertChannelsHint')}</p>
    </div>
  );
}
