// One ticket, for staff: what it is about, its history, the composer, its properties and
// actions. It follows the ticket live: when someone else changes it, the page refreshes what it
// shows and says so (politely, to screen readers too); an edit made on a version that moved is
// refused by the server and explained here, with what the person typed kept.
import { useCallback, useEffect, useRef, useState } from 'react';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useDirectory, useOrgPlaces } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { useTicketLive } from '../../app/live';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Ticket } from '../../model/types';
import { PriorityBadge, StatusBadge, Stars } from '../../ui/badges';
import { ApiError } from '../../app/api';
import { ErrorBanner, LiveAnnouncement, Loading, Notice } from '../../ui/feedback';
import { useCustomValue } from '../../ui/CustomFieldInputs';
import { Timeline } from '../../ui/Timeline';
import tickets from '../../ui/tickets.i18n';
import m from './ticket.i18n';
import { TicketActions, TicketLinks } from './TicketActions';
import { TicketComposer } from './TicketComposer';
import { loadTicket, type TicketData } from './ticketData';
import { TicketProperties } from './TicketProperties';
import { TicketSla } from './TicketSla';
import { TicketEscalation } from './TicketEscalation';
import { TicketEmails } from '../mail/TicketEmails';

function Facts(props: { ticket: Ticket }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const tk = props.ticket;
  const rows: Array<[string, React.ReactNode]> = [
    [t('organisation'), <Link to={`/organisations/${tk.organisation_id}`}>{tk.organisation_name ?? `#${tk.organisation_id}`}</Link>],
    [t('requester'), tk.requester_id ? <Link to={`/contacts/${tk.requester_id}`}>{tk.requester_name ?? `#${tk.requester_id}`}</Link> : '—'],
    [t('channel'), c(`channel_${tk.channel}`)],
    [t('created'), <time dateTime={tk.created_at}>{f.dateTime(tk.created_at)}</time>],
    [t('firstResponse'), tk.first_response_at ? <time dateTime={tk.first_response_at}>{f.dateTime(tk.first_response_at)}</time> : t('notYet')],
    [t('resolved'), tk.resolved_at ? <time dateTime={tk.resolved_at}>{f.dateTime(tk.resolved_at)}</time> : '—'],
    [t('tierReached'), tk.tier_reached],
    [t('fcr'), tk.first_contact_resolution === null ? '—' : tk.first_contact_resolution ? c('yes') : c('no')],
    [t('counters'), t('countersValue', { reopens: tk.reopen_count, reassignments: tk.reassignment_count, escalations: tk.escalation_count })],
  ];
  return (
    <section className="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{t('details')}</h2>
      <dl className="summary">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function TicketPage(props: { id: number }) {
  const t = useT(m);
  const tl = useT(tickets);
  const { me } = useSession();
  const dir = useDirectory(true);
  const f = useFormat();
  const loaded = useAsync(() => loadTicket(props.id), [props.id]);
  const [data, setData] = useState<TicketData | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [gone, setGone] = useState(false);
  // The last change this viewer made: from which version to which (see TicketProperties).
  const [own, setOwn] = useState<{ from: number; to: number } | null>(null);
  const seq = useRef(0);
  const places = useOrgPlaces(data?.ticket.organisation_id);
  const names = (field: string, id: string) =>
    field === 'site_id'
      ? places?.sites.find((x) => String(x.id) === id)?.name
      : field === 'network_area_id'
        ? places?.areas.find((x) => String(x.id) === id)?.name
        : undefined;
  const customValue = useCustomValue((dir?.customFields ?? []).filter((x) => x.ticket_type === data?.ticket.type));
  // Files that could not be attached when the ticket was opened (NewTicket leaves their names).
  const [uploadFailed] = useState(() => {
    const key = `farol.upload-failed.${props.id}`;
    const names = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    return names ?? '';
  });
  const shown = useRef<TicketData | null>(null);
  shown.current = data;

  useEffect(() => {
    if (loaded.data) setData(loaded.data);
  }, [loaded.data]);

  // Fetches the latest state; says so when the new events came from someone else.
  const refresh = useCallback(
    async (announce: boolean) => {
      const mine = ++seq.current;
      try {
        const before = shown.current;
        const next = await loadTicket(props.id);
        if (mine !== seq.current) return;  // a later refresh is under way; it wins
        setData(next);
        if (announce && before) {
          const lastSeen = Math.max(0, ...before.events.map((e) => e.id));
          const others = next.events.filter((e) => e.id > lastSeen && !(e.author.kind === 'staff' && e.author.id === me?.id));
          if (others.length) {
            const who = others[others.length - 1].author.name ?? tl('system');
            setAnnouncement(t('updatedBy', { name: who, time: f.time(new Date()) }));
          }
        }
      } catch (e) {
        // Moved out of reach (or deleted): say so; anything else, the next change tries again.
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setGone(true);
      }
    },
    [props.id, me?.id, t, tl, f],
  );

  useTicketLive(props.id, {
    onVersion: (v) => {
      if (shown.current && v > shown.current.ticket.version) void refresh(true);
    },
    onGone: () => setGone(true),
  }, me?.csrf_token);

  // After our own change (made on version `from`): show the returned ticket now, and the rest
  // (new events) right after.
  const adopt = (tk?: Ticket, from?: number) => {
    if (tk && data) setData({ ...data, ticket: tk });
    if (tk && from !== undefined) setOwn({ from, to: tk.version });
    void refresh(false);
  };

  if (loaded.error && !data) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!data) return <Loading />;
  const tk = data.ticket;
  const canUpdate = can(me, 'ticket.update');
  const canReply = can(me, 'ticket.reply') && !tk.merged_into && tk.status !== 'cancelled';
  const canNote = can(me, 'ticket.note') && !tk.merged_into;

  return (
    <article className="ticket-page">
      <LiveAnnouncement message={announcement} />
      <header className="ticket-head">
        <p className="breadcrumbs">
          <Link to="/queues/mine">{t('backToQueues')}</Link>
        </p>
        <h1>
          <span className="ticket-number">#{tk.number}</span> {tk.subject}
        </h1>
        <p className="badges">
          <StatusBadge status={tk.status} /> <PriorityBadge priority={tk.priority} /> <span className="badge">{tk.tier}</span>{' '}
          <span className="muted">
            {tk.assignee_name ? t('assignedTo', { name: tk.assignee_name }) : t('unassigned')}
            {tk.team_name ? ` · ${tk.team_name}` : ''}
          </span>
          {tk.rating && <Stars stars={tk.rating.stars} label={tl('starsOf5', { stars: tk.rating.stars })} />}
        </p>
        {gone && <Notice kind="warning">{t('gone')}</Notice>}
        {uploadFailed && <Notice kind="warning">{t('uploadFailed', { names: uploadFailed })}</Notice>}
        {tk.merged_into && (
          <Notice kind="info">
            {t('mergedInto')} <Link to={`/tickets/${tk.merged_into}`}>#{tk.merged_into}</Link>
          </Notice>
        )}
      </header>
      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="card description" aria-labelledby="description-heading">
            <h2 id="description-heading">{t('description')}</h2>
            <div className="body">{tk.description || <span className="muted">{t('noDescription')}</span>}</div>
            {Object.keys(tk.custom_fields).length > 0 && (
              <dl className="summary custom-fields">
                {Object.entries(tk.custom_fields).map(([k, v]) => (
                  <div key={k}>
                    <dt>{dir?.customFields.find((f) => f.key === k && f.ticket_type === tk.type)?.label ?? k}</dt>
                    <dd>{customValue(k, v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t('history')}</h2>
            <Timeline events={data.events} attachments={data.attachments} dir={dir} staff names={names} />
          </section>
          <TicketComposer
            ticket={tk}
            canReply={canReply}
            canNote={canNote}
            canSetStatus={canUpdate}
            onSent={adopt}
            onConflict={() => void refresh(true)}
          />
          <TicketEmails id={tk.id} version={tk.version} />
        </div>
        <aside className="ticket-side" aria-label={t('sidebar')}>
          <TicketSla id={tk.id} version={tk.version} />
          <TicketEscalation id={tk.id} version={tk.version} onChanged={() => void refresh(false)} />
          <TicketProperties
            ticket={tk}
            dir={dir}
            places={places}
            canEdit={canUpdate && !tk.merged_into}
            ownChange={own}
            onSaved={adopt}
            onConflict={() => void refresh(true)}
          />
          <TicketActions
            ticket={tk}
            dir={dir}
            canUpdate={canUpdate}
            canReply={can(me, 'ticket.reply')}
            onChanged={(changed) => adopt(changed, tk.version)}
            onConflict={() => void refresh(true)}
          />
          <TicketLinks ticket={tk} links={data.links} canUpdate={canUpdate} onChanged={() => void refresh(false)} />
          <Facts ticket={tk} />
        </aside>
      </div>
    </article>
  );
}
