// The chat widget's page (/widget?key=…), framed by widget.js on a customer's own web site. No
// sign-in: the visitor gives a name and an e-mail address and gets a token for their one chat,
// kept for the browser tab so a reload finds the conversation again.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { LanguageSwitch } from '../../Layout';
import { useAsync } from '../../app/data';
import { useLocale, useT } from '../../app/i18n';
import { useLocation } from '../../app/router';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { TextArea, TextField } from '../../ui/forms';
import { FormProblem } from '../../ui/kit';
import { loadVisit, saveVisit, startVisit, visitorTransport, type StoredVisit } from './chat';
import { ChatWindow } from './ChatWindow';
import m from './chat.i18n';

interface WidgetInfo {
  organisation_name: string;
  agents_available: boolean;
}

function StartForm(props: { widgetKey: string; info: WidgetInfo; onStarted: (v: StoredVisit) => void }) {
  const t = useT(m);
  const { locale } = useLocale();
  const [form, setForm] = useState({ name: '', email: '', message: '' });
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fe = useFieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const gaps = { name: !form.name.trim(), email: !form.email.trim(), message: !form.message.trim() };
    setMissing(gaps);
    if (gaps.name || gaps.email || gaps.message) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startVisit(props.widgetKey, { ...form, locale });
      props.onStarted({ id: started.chat.ticket_id, token: started.token ?? '' });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <Notice kind={props.info.agents_available ? 'success' : 'info'}>{props.info.agents_available ? t('online') : t('offline')}</Notice>
      <FormProblem error={error} shown={['name', 'email', 'message', 'locale']} />
      <TextField label={t('yourName')} value={form.name} autoComplete="name" maxLength={200} error={missing.name ? t('nameRequired') : fe('name')} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      <TextField label={t('yourEmail')} type="email" value={form.email} autoComplete="email" hint={t('emailHint')} error={missing.email ? t('emailRequired') : fe('email')} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      <TextArea label={t('firstMessage')} value={form.message} rows={3} error={missing.message ? t('messageRequired') : fe('message')} onChange={(e) => setForm({ ...form, message: e.target.value })} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('starting') : t('start')}
        </button>
      </div>
    </form>
  );
}

export function WidgetPage() {
  const t = useT(m);
  const { search } = useLocation();
  const key = search.get('key') ?? '';
  const info = useAsync(() => api.request<WidgetInfo>('GET', `/api/v1/chat-widgets/${encodeURIComponent(key)}`, undefined, { quiet401: true }), [key]);
  const [visit, setVisit] = useState<StoredVisit | null>(() => (key ? loadVisit(key) : null));
  const transport = useMemo(() => (visit ? visitorTransport(visit.id, visit.token) : null), [visit]);
  const started = (v: StoredVisit) => {
    saveVisit(key, v);
    setVisit(v);
  };
  const restart = () => {
    saveVisit(key, null);
    setVisit(null);
  };
  return (
    <div className="widget">
      <header className="widget-top">
        <h1>{info.data ? t('widgetTitle', { name: info.data.organisation_name }) : t('chatTitle')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        {info.loading && !info.data ? (
          <Loading />
        ) : !info.data ? (
          <Notice kind="warning">{t('widgetUnknown')}</Notice>
        ) : transport ? (
          <>
            <ChatWindow transport={transport} viewer="customer" />
            <p>
              <button type="button" className="link" onClick={restart}>
                {t('chatAgain')}
              </button>
            </p>
          </>
        ) : (
          <StartForm widgetKey={key} info={info.data} onStarted={started} />
        )}
        {info.error && info.data ? <ErrorBanner error={info.error} /> : null}
      </main>
    </div>
  );
}
