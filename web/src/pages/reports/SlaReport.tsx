// SLA compliance for a period (GET /api/v1/reports/sla): per organisation, type, priority or team,
// met % with a bar, met / breached / pending counts, and median, 90th percentile and mean business
// time, for first response and resolution; or OLA compliance per team (GET /api/v1/reports/ola),
// each stay in a team judged against the team's target. The choice lives in the address bar.

import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { navigate, useLocation } from '../../app/router';
import type { TicketType } from '../../model/types';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { formatDuration } from '../agent/sla';
import m from './slaReport.i18n';

type By = 'organisation' | 'type' | 'priority' | 'team' | 'ola';

interface ClockStats {
  met: number;
  breached: number;
  pending: number;
  met_percent: number | null;
  mean_seconds: number | null;
  median_seconds: number | null;
  p90_seconds: number | null;
}
interface Row {
  key?: string;
  name?: string;
  tickets: number;
  first_response: ClockStats;
  resolution: ClockStats;
}
interface OlaReport {
  from: string;
  to: string;
  tickets: number;
  rows: Array<{ team_id: number; name: string; stints: number; ola: ClockStats }>;
  total: { stints: number; ola: ClockStats };
}
interface Report {
  from: string;
  to: string;
  by: By;
  tickets: number;
  without_sla: number;
  rows: Row[];
  total: Row;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function defaults(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: day(first), to: day(next) };
}

function Stats(props: { s: ClockStats }) {
  const f = useFormat();
  const s = props.s;
  const time = (x: number | null) => (x === null ? '—' : formatDuration(x));
  return (
    <>
      <td className="num">
        {s.met_percent === null ? '—' : `${f.number(Math.round(s.met_percent * 10) / 10)}%`}
        {s.met_percent !== null && <meter min={0} max={100} low={90} high={95} optimum={100} value={s.met_percent} aria-hidden="true" />}
      </td>
      <td className="num">{f.number(s.met)}</td>
      <td className="num">{f.number(s.breached)}</td>
      <td className="num">{f.number(s.pending)}</td>
      <td className="num">{time(s.median_seconds)}</td>
      <td className="num">{time(s.p90_seconds)}</td>
      <td className="num">{time(s.mean_seconds)}</td>
    </>
  );
}

function OlaTable(props: { report: OlaReport | null | undefined; error: unknown; reload: () => void; heads: ReactNode }) {
  const t = useT(m);
  const f = useFormat();
  const r = props.report;
  if (props.error) return <ErrorBanner error={props.error} onRetry={props.reload} />;
  if (!r) return <Loading />;
  const caption = t('olaCaption', { from: f.date(r.from), to: f.date(r.to) });
  return (
    <>
      <p className="muted" role="status">
        {t('olaSummary', { tickets: f.number(r.tickets), stints: f.number(r.total.stints) })}
      </p>
      {r.rows.length === 0 ? (
        <p className="empty">{t('olaEmpty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
          <table className="data ola-report">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team')}</th>
                <th scope="col">{t('stints')}</th>
                {props.heads}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr key={row.team_id}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{f.number(row.stints)}</td>
                  <Stats s={row.ola} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('total')}</th>
                <td className="num">{f.number(r.total.stints)}</td>
                <Stats s={r.total.ola} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}

export function SlaReportPage() {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const d = defaults();
  const chosen = { from: params.get('from') ?? d.from, to: params.get('to') ?? d.to, by: (params.get('by') ?? 'organisation') as By };
  const [form, setForm] = useState(chosen);
  const period = `from=${encodeURIComponent(chosen.from)}&to=${encodeURIComponent(chosen.to)}`;
  const ola = chosen.by === 'ola';
  const report = useAsync(
    () => (ola ? Promise.resolve(null) : api.get<Report>(`/api/v1/reports/sla?${period}&by=${chosen.by}`)),
    [chosen.from, chosen.to, chosen.by],
  );
  const olaReport = useAsync(() => (ola ? api.get<OlaReport>(`/api/v1/reports/ola?${period}`) : Promise.resolve(null)), [chosen.from, chosen.to, ola]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/reports/sla?from=${encodeURIComponent(form.from)}&to=${encodeURIComponent(form.to)}&by=${form.by}`);
  };
  const caption = report.data
    ? t('caption', { from: f.date(report.data.from), to: f.date(report.data.to), by: t(`by_${chosen.by}`) })
    : '';
  const groupName = (r: Row) => {
    if (chosen.by === 'type') return c(`type_${r.key as TicketType}`);
    if (chosen.by === 'team' && !r.key) return t('noTeam');
    return r.name ?? r.key ?? '';
  };
  const heads = (
    <>
      <th scope="col">{t('metPercent')}</th>
      <th scope="col">{t('met')}</th>
      <th scope="col">{t('breached')}</th>
      <th scope="col">{t('pending')}</th>
      <th scope="col">{t('median')}</th>
      <th scope="col">{t('p90')}</th>
      <th scope="col">{t('mean')}</th>
    </>
  );
  return (
    <article className="stack wide">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form className="row toolbar" onSubmit={submit}>
        <TextField label={t('from')} type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        <TextField label={t('to')} type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        <SelectField
          label={t('by')}
          value={form.by}
          options={(['organisation', 'type', 'priority', 'team', 'ola'] as By[]).map((b) => ({ value: b, label: t(`by_${b}`) }))}
          onChange={(e) => setForm({ ...form, by: e.target.value as By })}
        />
        <button type="submit">{t('show')}</button>
      </form>
      {ola && <OlaTable report={olaReport.data} error={olaReport.error} reload={olaReport.reload} heads={heads} />}
      {report.error ? <ErrorBanner error={report.error} onRetry={report.reload} /> : null}
      {!ola && !report.data && !report.error && <Loading />}
      {report.data && (
        <>
          <p className="muted" role="status">
            {t('summary', { tickets: f.number(report.data.tickets), without: f.number(report.data.without_sla) })}
          </p>
          {report.data.rows.length === 0 ? (
            <p className="empty">{t('empty')}</p>
          ) : (
            // A wide table that may scroll sideways: focusable, so the keyboard can scroll it too.
            <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
              <table className="data sla-report">
                <caption>{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {t('group')}
                    </th>
                    <th scope="col" rowSpan={2}>
                      {t('tickets')}
                    </th>
                    <th scope="colgroup" colSpan={7}>
                      {t('firstResponse')}
                    </th>
                    <th scope="colgroup" colSpan={7}>
                      {t('resolution')}
                    </th>
                  </tr>
                  <tr>
                    {heads}
                    {heads}
                  </tr>
                </thead>
                <tbody>
                  {report.data.rows.map((r) => (
                    <tr key={`${r.key}`}>
                      <th scope="row">{groupName(r)}</th>
                      <td className="num">{f.number(r.tickets)}</td>
                      <Stats s={r.first_response} />
                      <Stats s={r.resolution} />
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('total')}</th>
                    <td className="num">{f.number(report.data.total.tickets)}</td>
                    <Stats s={report.data.total.first_response} />
                    <Stats s={report.data.total.resolution} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </article>
  );
}
