import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../app/api';
import common from '../app/common.i18n';
import { useT } from '../app/i18n';
import { useSession } from '../app/session';
import type { Session } from '../model/types';
import { SelectField, TextField } from '../ui/forms';
import { ErrorBanner, Notice, useFieldErrors } from '../ui/feedback';
import { timeZoneOptions, useSubmit } from '../ui/kit';
import { LanguageSwitch } from '../Layout';
import m from './profile.i18n';

function PasswordForm(props: { forced?: boolean }) {
  const t = useT(m);
  const { refresh } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  const mismatch = confirm !== '' && next !== confirm;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return;
    setDone(false);
    await run(async () => {
      await api.post('/api/v1/auth/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      if (props.forced) await refresh();
    });
  };
  const fieldError = useFieldErrors(error);
  return (
    <form onSubmit={submit} className="stack narrow" noValidate>
      <h2>{t('passwordTitle')}</h2>
      {done && <Notice kind="success">{t('passwordChanged')}</Notice>}
      <ErrorBanner error={error} shown={['current_password', 'new_password']} />
      <TextField label={t('current')} type="password" autoComplete="current-password" value={current}
        onChange={(e) => setCurrent(e.target.value)} error={fieldError('current_password')} required />
      <TextField label={t('next')} type="password" autoComplete="new-password" value={next} minLength={10}
        onChange={(e) => setNext(e.target.value)} error={fieldError('new_password')} hint={t('nextHint')} required />
      <TextField label={t('confirm')} type="password" autoComplete="new-password" value={confirm}
        onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t('mismatch') : undefined} required />
      <button type="submit" className="primary" disabled={busy || mismatch || !current || !next}>
        {t('changePassword')}
      </button>
    </form>
  );
}

function Preferences(props: { me: Session }) {
  const t = useT(m);
  const c = useT(common);
  const { refresh } = useSession();
  const [name, setName] = useState(props.me.name);
  const [zone, setZone] = useState(props.me.time_zone);
  const [saved, setSaved] = useState(false);
  const { error, run } = useSubmit();
  const zones = useMemo(() => timeZoneOptions(props.me.time_zone), [props.me.time_zone]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    await run(async () => {
      await api.patch('/api/v1/auth/profile', { name, time_zone: zone });
      await refresh();
      setSaved(true);
    });
  };
  const fieldError = useFieldErrors(error);
  return (
    <form onSubmit={submit} className="stack narrow" noValidate>
      <h2>{t('preferences')}</h2>
      {saved && <Notice kind="success">{t('saved')}</Notice>}
      <ErrorBanner error={error} shown={['name', 'time_zone', 'locale']} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} required />
      <SelectField label={t('timeZone')} hint={t('timeZoneHint')} value={zone} options={zones}
        onChange={(e) => setZone(e.target.value)} error={fieldError('time_zone')} />
      <LanguageSwitch />
      <button type="submit" className="primary">
        {c('save')}
      </button>
    </form>
  );
}

export function ProfilePage(props: { forced?: boolean }) {
  const t = useT(m);
  const { me } = useSession();
  if (!me) return null;
  return (
    <section>
      <h1>{t('title')}</h1>
      {props.forced && <Notice kind="warning">{t('forcedIntro')}</Notice>}
      <div className="columns">
        <PasswordForm forced={props.forced} />
        {!props.forced && <Preferences me={me} />}
      </div>
    </section>
  );
}
