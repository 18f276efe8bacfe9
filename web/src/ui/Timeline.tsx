// A ticket's history, oldest first, each step with its exact minute. Public replies (what the
// customer reads) and internal notes (staff only) look unmistakably different: a note has its own
// colour, a lock, a dashed border and the words "Internal note — not visible to the customer".
import type { ReactNode } from 'react';
import common from '../app/common.i18n';
import { useFormat, useT, type Translate } from '../app/i18n';
import type { Directory } from '../app/directory';
import type { Attachment, TicketEvent, TicketStatus } from '../model/types';
import { Stars } from './badges';
import { Link } from '../app/router';
import m from './tickets.i18n';
import { Icon } from './icons';
import { toldOf } from './escalation';
import { useEscalationWords } from './EscalationParts';

type K = Parameters<Translate<keyof (typeof m)['en']>>[0];

function AttachmentLinks(props: { ids: number[] | undefined; attachments: Map<number, Attachment> }) {
  const f = useFormat();
  const t = useT(m);
  if (!props.ids?.length) return null;
  return (
    <ul className="attachments" aria-label={t('attachments')}>
      {props.ids.map((id) => {
        const a = props.attachments.get(id);
        return (
          <li key={id}>
            {a ? (
              <a href={a.download_url} download={a.filename}>
                <Icon name="clip" /> {a.filename} <span className="muted">({f.bytes(a.size)})</span>
              </a>
            ) : (
              <span className="muted"><Icon name="clip" /> #{id}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Body(props: { text: string }) {
  // Plain text, line breaks kept; never HTML.
  return <div className="body">{props.text}</div>;
}

export function Timeline(props: {
  events: TicketEvent[];
  attachments: Attachment[];
  dir: Directory | null;
  staff: boolean;
  ticketHref?: (id: number) => string;
  // Names for ids in field changes that the directory does not hold (sites, network areas...).
  names?: (field: string, id: string) => string | undefined;
}) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const words = useEscalationWords();
  const et = words.t;
  const attachments = new Map(props.attachments.map((a) => [a.id, a]));
  const userName = (id: string | undefined) => (id ? props.dir?.userName(id) ?? `#${id}` : '');
  const teamName = (id: string | undefined) => (id ? props.dir?.teamName(id) ?? `#${id}` : '');
  const statusName = (s: string | undefined) => (s ? c(`status_${s as TicketStatus}`) : '');
  const href = props.ticketHref ?? ((id: number) => `/tickets/${id}`);

  const who = (e: TicketEvent) =>
    e.author.kind === 'system' ? t('system') : e.author.name ?? (e.author.kind === 'contact' ? t('customer') : `#${e.author.id}`);

  const line = (e: TicketEvent): ReactNode => {
    const author = who(e);
    switch (e.type) {
      case 'created':
        return t('evCreated', { author, channel: c(`channel_${(e.fields?.channel ?? 'portal') as 'portal'}`) });
      case 'status_changed':
        return t('evStatus', { author, from: statusName(e.from), to: statusName(e.to) });
      case 'assigned':
        return e.to ? t('evAssigned', { author, to: userName(e.to) }) : t('evUnassigned', { author });
      case 'team_changed':
        return e.to ? t('evTeam', { author, to: teamName(e.to) }) : t('evNoTeam', { author });
      case 'priority_changed':
        return (
          <>
            {t(e.field === 'matrix' ? 'evPriorityMatrix' : 'evPriority', { author, from: e.from ?? '', to: e.to ?? '' })}
            {e.reason && <span className="reason"> — {e.reason}</span>}
          </>
        );
      case 'escalated':
        return (
          <>
            {t('evEscalated', { author, from: e.from ?? '', to: e.to ?? '' })}
            {e.reason && <span className="reason"> — {e.reason}</span>}
          </>
        );
      case 'field_changed':
        return t('evField', {
          author,
          field: fieldLabel(t, e.field ?? '', props.dir),
          from: fieldValue(e.field, e.from, props.dir, c, props.names),
          to: fieldValue(e.field, e.to, props.dir, c, props.names),
        });
      case 'attachment_added': {
        const a = attachments.get(e.ref ?? 0);
        return (
          <>
            {t('evAttachment', { author })}{' '}
            {a ? (
              <a href={a.download_url} download={a.filename}>
                {a.filename}
              </a>
            ) : (
              e.body
            )}
            {e.internal && props.staff && <span className="muted"> ({t('internalFile')})</span>}
          </>
        );
      }
      case 'merged_into':
        return (
          <>
            {t('evMergedInto', { author })} <Link to={href(e.ref ?? 0)}>#{e.ref}</Link>
          </>
        );
      case 'merged_from':
        return (
          <>
            {t('evMergedFrom', { author })} <Link to={href(e.ref ?? 0)}>#{e.ref}</Link>
          </>
        );
      case 'linked':
      case 'unlinked':
        return (
          <>
            {t(e.type === 'linked' ? 'evLinked' : 'evUnlinked', { author, kind: t(`link_${e.field ?? 'related'}` as K) })}{' '}
            <Link to={href(e.ref ?? 0)}>#{e.ref}</Link>
          </>
        );
      case 'sla_alert': {
        const a = e.sla_alert;
        if (!a) return t('evOther', { author });
        const clock = t(a.clock === 'first_response' ? 'slaClockResponse' : 'slaClockResolution');
        const what = a.threshold_percent >= 100 ? t('evSlaBreach', { clock }) : t('evSlaWarning', { clock, percent: a.threshold_percent });
        return a.channels.length ? `${what} ${t('evSlaTold', { channels: a.channels.join(', ') })}` : what;
      }
      case 'escalation_fired': {
        // field = the level, to = its name, from = why, body = who was told.
        const level = words.level(e.field ?? '?', e.to, true);
        const why = words.cause({ cause: e.from, level: Number(e.field) });
        const told = toldOf(e.body);
        return (
          <>
            {why ? et('evFiredWhy', { level, cause: why }) : et('evFired', { level })}
            {told.names && ` ${et('evTold', { names: told.noMail ? `${told.names} ${et('noMail')}` : told.names })}`}
          </>
        );
      }
      case 'escalation_acknowledged':
        return et('evAcknowledged', {
          level: words.level(e.field ?? '?', e.to),
          author,
          via: et(e.reason === 'link' ? 'via_link' : 'via_app'),
        });
      case 'escalation_requested':
        return (
          <>
            {et('evRequested', { author, level: words.level(e.field ?? '?', e.to, true) })}
            {e.body && <span className="reason"> {e.body}</span>}
          </>
        );
      case 'sla_terms_changed':
        return (
          <>
            {e.from && e.to ? et('evTermsChanged', { author, from: e.from, to: e.to }) : et('evTermsChangedPlain', { author })}
            {e.reason && <span className="reason"> {e.reason}</span>}
          </>
        );
      default:
        return t('evOther', { author });
    }
  };

  return (
    <ol className="timeline" aria-label={t('timeline')}>
      {props.events.map((e) => {
        const when = (
          <time dateTime={e.at} title={f.full(e.at)}>
            {f.dateTime(e.at)}
          </time>
        );
        if (e.type === 'public_reply' || e.type === 'internal_note') {
          const note = e.type === 'internal_note';
          return (
            <li key={e.id} className={`entry ${note ? 'note' : 'reply'} ${e.author.kind === 'contact' ? 'from-customer' : ''}`}>
              <article aria-label={note ? t('internalNoteBy', { author: who(e) }) : t('replyBy', { author: who(e) })}>
                <header>
                  <span className="kind">{note ? (<><Icon name="lock" /> {t('internalNote')}</>) : e.author.kind === 'contact' ? t('customerReply') : t('publicReply')}</span>
                  <strong>{who(e)}</strong> {when}
                </header>
                {note && props.staff && <p className="visibility">{t('notVisible')}</p>}
                {!note && props.staff && e.author.kind !== 'contact' && <p className="visibility">{t('visibleToCustomer')}</p>}
                <Body text={e.body ?? ''} />
                <AttachmentLinks ids={e.attachment_ids} attachments={attachments} />
              </article>
            </li>
          );
        }
        if (e.type === 'call_logged' && e.call) {
          return (
            <li key={e.id} className={`entry call ${e.internal ? 'note' : 'reply'}`}>
              <article aria-label={t('callBy', { author: who(e) })}>
                <header>
                  <span className="kind">
                    <Icon name="phone" /> {e.internal ? (<><Icon name="lock" /> {t('internalCall')}</>) : t('call')}
                  </span>
                  <strong>{who(e)}</strong> {when}
                </header>
                <p>
                  {t(e.call.direction === 'inbound' ? 'callInbound' : 'callOutbound', {
                    caller: e.call.caller,
                    minutes: Math.round(e.call.duration_seconds / 60),
                  })}{' '}
                  — {t(`outcome_${e.call.outcome}` as K)}
                </p>
                {e.body && <Body text={e.body} />}
              </article>
            </li>
          );
        }
        if (e.type === 'rated') {
          const stars = Number(e.to ?? 0);
          return (
            <li key={e.id} className="entry rating">
              <article aria-label={t('ratingBy', { author: who(e) })}>
                <header>
                  <span className="kind">{t('rating')}</span>
                  <strong>{who(e)}</strong> {when}
                </header>
                <Stars stars={stars} label={t('starsOf5', { stars })} />
                {e.body && <Body text={e.body} />}
              </article>
            </li>
          );
        }
        return (
          <li key={e.id} className={`entry change ${e.internal ? 'internal' : ''}`}>
            {e.internal && props.staff && (
              <span className="internal-tag">
                <Icon name="lock" /> {t('internal')}
              </span>
            )}{' '}
            <span className="what">{line(e)}</span> {when}
          </li>
        );
      })}
    </ol>
  );
}

function fieldLabel(t: Translate<K>, field: string, dir: Directory | null): string {
  if (field.startsWith('cf.')) {
    const key = field.slice(3);
    return dir?.customFields.find((f) => f.key === key)?.label ?? key;
  }
  const known = ['subject', 'description', 'type', 'impact', 'urgency', 'tier', 'site_id', 'network_area_id', 'category_id', 'subcategory_id', 'tags', 'organisation_id', 'requester_id'];
  return known.includes(field) ? t(`field_${field}` as K) : field;
}

function fieldValue(
  field: string | undefined,
  value: string | undefined,
  dir: Directory | null,
  c: Translate<keyof (typeof common)['en']>,
  names?: (field: string, id: string) => string | undefined,
): string {
  if (!value) return '—';
  if (field === 'type') return c(`type_${value as 'incident'}`);
  if (field === 'impact' || field === 'urgency') return c(`level_${value as 'high'}`);
  if ((field === 'category_id' || field === 'subcategory_id') && dir) return dir.categoryName(value);
  if (field?.endsWith('_id')) return names?.(field, value) ?? `#${value}`;
  if (field === 'description' && value.length > 80) return value.slice(0, 80) + '…';
  return value;
}
