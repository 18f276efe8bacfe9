// The guardian's workspace (/guardian): the ranked board — the open records by GUT score, ties to
// the record affecting more customers, then the older (docs/GUARDIAN.md, "The ranking") — with
// each record's rank, title, score and level in words, organisations, team, status and age in
// days; the inbox of new records; all records and the closed ones, newest first. The view and the
// filters (team, error category, cause category, organisation) live in the address
// (?show=inbox&team_id=2). Links to a new record, the work list of actions, the monthly reports and
// the GUT settings; a new record from an apology e-mail's .eml (docs/GUARDIAN.md, "The apology
// inbox"), which leads to the record it made — or to the one the same message made before.
import { useState } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync, useNow } from '../../app/data';
import { directory, loadAll } from '../../app/directory';
import { useFormat, useT, type Translate } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Organisation } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { EmlUpload } from '../../ui/EmlUpload';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { SelectField } from '../../ui/forms';
import { ShowMore, usePaged } from '../../ui/kit';
import {
  ageInDays,
  BOARD_VIEWS,
  boardFromSearch,
  boardQuery,
  CAUSE_CATEGORIES,
  fromEmailHref,
  knownLevel,
  type BoardFilters,
  type BoardView,
  type GuardianSettings,
  type GutResult,
  type Problem,
  type ProblemStatus,
} from './guardian';
import m from './guardian.i18n';

type T = Translate<keyof typeof m.en>;

const PAGE = 50;

// A status in words (a badge, never a colour alone).
export function ProblemStatusBadge(props: { status: ProblemStatus }) {
  const t = useT(m);
  return <span className={`badge problem-${props.status}`}>{statusName(t, props.status)}</span>;
}

export function statusName(t: T, s: string): string {
  const key = `status_${s}`;
  return key in m.en ? t(key as keyof typeof m.en) : s;
}

// A level in the reader's words ("high" → "alto"), or as a custom rule names it.
export function levelName(t: T, level: string): string {
  const k = knownLevel(level);
  return k ? t(`level_${k}`) : level;
}

// "8 of 9 — high", the level as a badge in words; "Not graded" before the three grades are set.
export function GutCell(props: { gut: GutResult | null }) {
  const t = useT(m);
  const g = props.gut;
  if (!g) return <span className="muted">{t('notGraded')}</span>;
  return (
    <>
      {t('scoreOf', { score: g.score, max: g.max })} — <span className={`badge gut-level gut-${knownLevel(g.level) ?? 'custom'}`}>{levelName(t, g.level)}</span>
    </>
  );
}

function boardHref(view: BoardView, filters: BoardFilters): string {
  return '/guardian' + query({ show: view === 'board' ? undefined : view, ...filters });
}

export function GuardianPage() {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { me } = useSession();
  const { search } = useLocation();
  const { view, filters } = boardFromSearch(search);
  const now = useNow();
  const [fromEmail, setFromEmail] = useState(false);
  const settings = useAsync(() => api.get<GuardianSettings>('/api/v1/guardian/settings'), []);
  const teams = useAsync(() => directory.teams(), []);
  const orgs = useAsync(() => loadAll<Organisation>('/api/v1/organisations', { active: true }), []);
  const key = JSON.stringify([view, filters]);
  const paged = usePaged<Problem, number>(
    (before) =>
      api.get<{ items: Problem[] }>('/api/v1/problems' + query(boardQuery(view, filters, PAGE, before))).then((p) => ({
        items: p.items,
        next: view !== 'board' && p.items.length === PAGE ? p.items[p.items.length - 1].id : null,
      })),
    [key],
  );
  const setFilter = (k: keyof BoardFilters, v: string) => navigate(boardHref(view, { ...filters, [k]: v || undefined }), { replace: true });
  const caption = t(`caption_${view}`);
  const categories = settings.data?.error_categories ?? [];
  const filtered = Object.keys(filters).length > 0;
  return (
    <section className="guardian stack wide">
      <h1>{t('pageTitle')}</h1>
      <p className="muted">{t('intro')}</p>
      <nav className="row toolbar" aria-label={t('pageTitle')}>
        {can(me, 'problem.write') && <Link to="/guardian/problems/new">{t('newRecord')}</Link>}
        {can(me, 'problem.write') && (
          <button type="button" onClick={() => setFromEmail(true)}>
            {t('fromEmail')}
          </button>
        )}
        <Link to="/guardian/actions">{t('actionsLink')}</Link>
        <Link to="/guardian/reports">{t('reportsLink')}</Link>
        <Link to="/guardian/settings">{t('settings')}</Link>
      </nav>
      <nav className="subnav" aria-label={t('show')}>
        {BOARD_VIEWS.map((v) => (
          <Link key={v} to={boardHref(v, filters)} aria-current={v === view ? 'page' : undefined}>
            {t(`view_${v}`)}
          </Link>
        ))}
      </nav>
      <form className="row wrap filters" role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('team')}
          value={filters.team_id ?? ''}
          options={[{ value: '', label: t('anyTeam') }, ...(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
          onChange={(e) => setFilter('team_id', e.target.value)}
        />
        <SelectField
          label={t('errorCategory')}
          value={filters.error_category ?? ''}
          options={[
            { value: '', label: t('anyCategory') },
            ...[...categories, ...(filters.error_category && !categories.includes(filters.error_category) ? [filters.error_category] : [])].map((x) => ({ value: x, label: x })),
          ]}
          onChange={(e) => setFilter('error_category', e.target.value)}
        />
        <SelectField
          label={t('causeCategory')}
          value={filters.cause_category ?? ''}
          options={[{ value: '', label: t('anyCause') }, ...CAUSE_CATEGORIES.map((x) => ({ value: x, label: t(`cause_${x}`) }))]}
          onChange={(e) => setFilter('cause_category', e.target.value)}
        />
        <SelectField
          label={t('organisation')}
          value={filters.organisation_id ?? ''}
          options={[{ value: '', label: t('anyOrganisation') }, ...(orgs.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
          onChange={(e) => setFilter('organisation_id', e.target.value)}
        />
        <SelectField
          label={t('segment')}
          value={filters.segment ?? ''}
          options={[{ value: '', label: t('anySegment') }, ...(['smb', 'mid_market', 'enterprise'] as const).map((x) => ({ value: x, label: c(`segment_${x}`) }))]}
          onChange={(e) => setFilter('segment', e.target.value)}
        />
        <SelectField
          label={t('gutLevel')}
          value={filters.level ?? ''}
          options={[
            { value: '', label: t('anyLevel') },
            ...(settings.data?.gut.bands ?? []).map((x) => ({ value: x.level, label: levelName(t, x.level) })),
            ...(filters.level && !(settings.data?.gut.bands ?? []).some((x) => x.level === filters.level) ? [{ value: filters.level, label: filters.level }] : []),
          ]}
          onChange={(e) => setFilter('level', e.target.value)}
        />
        {filtered && (
          <Link to={boardHref(view, {})} className="clear-filters">
            {t('clearFilters')}
          </Link>
        )}
      </form>
      <ErrorBanner error={paged.error} onRetry={paged.reload} />
      {!paged.loaded ? (
        paged.loading && <Loading />
      ) : paged.items.length === 0 ? (
        <p className="empty">{t(filtered ? 'emptyFiltered' : `empty_${view}`)}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption} aria-busy={paged.loading}>
          <table className="data problems">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {view === 'board' && <th scope="col">{t('colRank')}</th>}
                <th scope="col">{t('colRecord')}</th>
                <th scope="col">{t('colGut')}</th>
                <th scope="col">{t('colOrganisations')}</th>
                <th scope="col">{t('colTeam')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col">{t('colAge')}</th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((p, i) => {
                const age = ageInDays(p.reported_at, now);
                return (
                  <tr key={p.id}>
                    {view === 'board' && <td className="rank">{f.number(i + 1)}</td>}
                    <th scope="row">
                      <Link to={`/guardian/problems/${p.id}`}>
                        <span className="muted">#{p.id}</span> {p.title}
                      </Link>
                      {p.error_category && <div className="muted">{p.error_category}</div>}
                    </th>
                    <td>
                      <GutCell gut={p.gut} />
                    </td>
                    <td>
                      {p.organisations.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        p.organisations.map((o, j) => (
                          <span key={o.id}>
                            {j > 0 && ', '}
                            {o.name} <span className="muted">({c(`segment_${o.segment as 'smb'}`)})</span>
                          </span>
                        ))
                      )}
                    </td>
                    <td>{p.team_name || <span className="muted">—</span>}</td>
                    <td>
                      <ProblemStatusBadge status={p.status} />
                    </td>
                    <td>
                      <time dateTime={p.reported_at} title={f.full(p.reported_at)}>
                        {t(age === 1 ? 'ageOne' : 'ageDays', { n: f.number(age) })}
                      </time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={paged} />
      <Dialog open={fromEmail} title={t('fromEmailTitle')} onClose={() => setFromEmail(false)}>
        {fromEmail && (
          <EmlUpload<Problem>
            url="/api/v1/problems/from-email"
            intro={t('fromEmailIntro')}
            button={t('fromEmailButton')}
            onCancel={() => setFromEmail(false)}
            onDone={(p, status) => {
              setFromEmail(false);
              navigate(fromEmailHref(p.id, status));
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
