// The page behind the signed link in an escalation e-mail (<public_url>/ack/<token>), seen without
// signing in: the ticket, the level and its deadline, who the link was sent to, and one button
// that acknowledges the level as that person. Opening the page only reads (mail scanners open
// links); only the button acknowledges. A tampered, expired or unknown link gets a plain page.
import { useState } from 'react';
import { api, ApiError } from '../../app/api';
import { useAsync, useNow } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { ackLinkAddress, stateAt, type AckLinkView } from '../../ui/escalation';
import { Deadline, EscalationStateBadge, useEscalationWords } from '../../ui/EscalationParts';
import { ErrorBanner, Loading, Notice } from '../../ui/feedback';
import { refocus } from '../../ui/focus';
import { Details, useSubmit } from '../../ui/kit';
import { PublicPage } from '../SignIn';
import m from './ack.i18n';

const invalid = (e: unknown) => e instanceof ApiError && e.status === 404;

export function AckPage(props: { token: string }) {
  const t = useT(m);
  const loaded = useAsync(() => api.get<AckLinkView>(ackLinkAddress(props.token), { quiet401: true }), [props.token]);
  const submit = useSubmit();
  const [acknowledged, setAcknowledged] = useState<AckLinkView | null>(null);

  if (invalid(loaded.error) || invalid(submit.error)) {
    return (
      <PublicPage>
        <h1>{t('invalidTitle')}</h1>
        <p>{t('invalidText')}</p>
        <p>
          <a href="/">{t('openFarol')}</a>
        </p>
      </PublicPage>
    );
  }
  if (!loaded.data) {
    return (
      <PublicPage>
        <h1>{t('loadingTitle')}</h1>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : <Loading />}
      </PublicPage>
    );
  }

  const go = () =>
    void submit
      .run(async () => {
        setAcknowledged(await api.post<AckLinkView>(ackLinkAddress(props.token)));
      })
      .then(() => refocus(document.querySelector('.ack-outcome')));
  return (
    <PublicPage wide>
      <h1>{t('title')}</h1>
      <Level view={acknowledged ?? loaded.data} opened={loaded.data} justNow={acknowledged !== null} busy={submit.busy} onAcknowledge={go} />
      <ErrorBanner error={submit.error} />
    </PublicPage>
  );
}

function Level(props: { view: AckLinkView; opened: AckLinkView; justNow: boolean; busy: boolean; onAcknowledge: () => void }) {
  const t = useT(m);
  const words = useEscalationWords();
  const f = useFormat();
  const now = useNow();
  const v = props.view;
  // Acknowledged by this click, or by someone else before (or meanwhile, in the app).
  const mine = props.justNow && !props.opened.acknowledged_at && v.via === 'link' && v.acknowledged_by?.name === v.recipient;
  const why = words.cause(v);
  return (
    <>
      <Details
        items={[
          [t('ticket'), `#${v.ticket_id} ${v.subject}`],
          [t('level'), words.level(v.level, v.name)],
          ...(why ? [[words.t('why'), why] as [string, string]] : []),
          [words.t('fired'), <time dateTime={v.fired_at}>{f.dateTime(v.fired_at)}</time>],
          [words.t('deadline'), <Deadline e={v} now={now} />],
          [t('sentTo'), v.recipient],
          [t('state'), <EscalationStateBadge state={stateAt(v, now)} />],
        ]}
      />
      {v.acknowledged_at ? (
        <div className="ack-outcome" tabIndex={-1}>
          {mine ? (
            <Notice kind="success">
              {t('done', { name: v.recipient, level: v.level, ticket: v.ticket_id })}
              {v.late && ` ${t('doneLate')}`}
            </Notice>
          ) : (
            <Notice kind="info">
              {t('already', {
                name: v.acknowledged_by?.name ?? '—',
                when: f.dateTime(v.acknowledged_at),
                via: words.t(v.via === 'link' ? 'via_link' : 'via_app'),
              })}
            </Notice>
          )}
        </div>
      ) : (
        <>
          <p>{t('explain')}</p>
          <div className="row">
            <button type="button" className="primary" disabled={props.busy} aria-busy={props.busy} onClick={props.onAcknowledge}>
              {props.busy ? words.t('acknowledging') : words.t('acknowledge')}
            </button>
          </div>
        </>
      )}
      <p>
        <a href={`/tickets/${v.ticket_id}`}>{t('openTicket', { ticket: v.ticket_id })}</a>
      </p>
    </>
  );
}
