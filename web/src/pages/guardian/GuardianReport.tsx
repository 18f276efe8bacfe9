// The guardian's monthly report (/guardian/reports; docs/GUARDIAN.md, "Monthly reports"): one
// month — by default the last full one in the reader's time zone — for the whole company or one
// team, both kept in the address (?month=2026-03&team_id=2, the link the e-mailed report
// carries). The key figures; the last 12 months as a bar chart of records recorded and closed
// (with its table for screen readers); the month's records by error category, cause category,
// team (the company's report), customer segment and GUT level; the actions due in the month; the
// root causes that keep coming back. A link downloads the same report as a PDF, and problem.write
// e-mails each team's manager their team's report, then says who got it and who did not, and why.
import { useEffect, useId, useState } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync, useNow } from '../../app/data';
import { directory } from '../../app/directory';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Locale } from '../../model/types';
import { BarChart } from '../../ui/BarChart';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { useSubmit } from '../../ui/kit';
import {
  actionFigures,
  isMonth,
  lastFullMonth,
  monthIn,
  monthName,
  reportApiPath,
  reportBreakdowns,
  reportFigures,
  reportFromSearch,
  reportHref,
  sendSummary,
  shortMonthName,
  trendSummary,
  trendTitle,
  type MonthReport,
  type ReportChoice,
  type SendResult,
} from './guardian-report';
import m from './guardian.i18n';

export function GuardianReportPage() {
  const t = useT(m);
  const { me } = useSession();
  const { locale, timeZone } = useLocale();
  const { search } = useLocation();
  const now = useNow();
  const choice = reportFromSearch(search, lastFullMonth(now, timeZone));
  const teams = useAsync(() => directory.teams(), []);
  const report = useAsync(() => api.get<MonthReport>(reportApiPath(choice)), [choice.month, choice.team_id]);
  const headingId = useId();

  // The month as typed: a browser without a month picker takes text, which becomes the report's
  // month once it is one.
  const [typed, setTyped] = useState(choice.month);
  const [typedError, setTypedError] = useState('');
  useEffect(() => setTyped(choice.month), [choice.month]);
  const choose = (patch: Partial<ReportChoice>) => navigate(reportHref({ ...choice, ...patch }), { replace: true });
  const monthChanged = (value: string) => {
    setTyped(value);
    if (isMonth(value)) {
      setTypedError('');
      if (value !== choice.month) choose({ month: value });
    }
  };
  const fieldError = useFieldErrors(report.error);

  const teamOptions = [
    { value: '', label: t('wholeCompany') },
    ...[...(teams.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((x) => ({ value: String(x.id), label: x.name })),
  ];
  if (choice.team_id && !teamOptions.some((o) => o.value === choice.team_id)) teamOptions.push({ value: choice.team_id, label: `#${choice.team_id}` });

  // What was asked for, not an answer still on its way for the choice before.
  const r = report.data;
  const current = r && !report.error && (!report.loading || (r.month === choice.month && String(r.team?.id ?? '') === choice.team_id)) ? r : undefined;

  return (
    <section className="guardian-report stack wide" aria-labelledby={headingId}>
      <p className="breadcrumbs">
        <Link to="/guardian">{t('backToBoard')}</Link>
      </p>
      <h1 id={headingId}>{t('reportsTitle')}</h1>
      <p className="muted">{t('reportsIntro')}</p>
      <form className="row wrap filters" role="search" aria-label={t('chooseReport')} onSubmit={(e) => e.preventDefault()} noValidate>
        <TextField
          label={t('reportMonth')}
          type="month"
          min="2000-01"
          max={monthIn(now, timeZone)}
          pattern="\d{4}-\d{2}"
          required
          value={typed}
          hint={t('reportMonthHint', { zone: timeZone })}
          error={typedError || fieldError('month')}
          onChange={(e) => monthChanged(e.target.value)}
          onBlur={() => setTypedError(typed && !isMonth(typed) ? t('reportMonthInvalid') : '')}
        />
        <SelectField label={t('team')} value={choice.team_id} options={teamOptions} onChange={(e) => choose({ team_id: e.target.value })} error={fieldError('team_id')} />
        <p className="download">
          <a href={reportApiPath(choice, 'pdf')} className="primary">
            {t('downloadPdf')}
          </a>
        </p>
      </form>
      <ErrorBanner error={report.error} onRetry={report.reload} shown={['month', 'team_id']} />
      {current ? <ReportView report={current} /> : !report.error && <Loading />}
      {can(me, 'problem.write') && <SendReports month={choice.month} locale={locale} />}
    </section>
  );
}

export function ReportView(props: { report: MonthReport }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const r = props.report;
  const month = monthName(r.month, locale);
  const figures = reportFigures(r, t, locale);
  const tables = reportBreakdowns(r, t, c);
  const actionsCaption = t('reportActionsCaption', { month });
  const causesCaption = t('topCausesCaption', { month });
  return (
    <div className="stack wide report-body">
      <h2>{r.team ? t('reportHeadingTeam', { month, team: r.team.name }) : t('reportHeadingCompany', { month })}</h2>
      <p className="muted">{t('reportZone', { zone: r.time_zone })}</p>

      <section className="stack wide" aria-labelledby="report-figures-heading">
        <h3 id="report-figures-heading">{t('keyFigures')}</h3>
        <dl className="report-figures">
          {figures.map((x) => (
            <div key={x.key} className={x.value === '—' ? 'figure none' : 'figure'}>
              <dt>{x.label}</dt>
              <dd id={`figure-${x.key}`}>{x.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="stack wide" aria-labelledby="report-trend-heading">
        <h3 id="report-trend-heading">{t('trendHeading')}</h3>
        <BarChart
          className="report-trend"
          title={trendTitle(r.trend, t, locale)}
          summary={trendSummary(r.trend, t, locale)}
          pointHeader={t('colMonth')}
          points={r.trend.map((p, i) => ({
            label: shortMonthName(p.month, locale),
            // The year under the first month and under each January.
            sublabel: i === 0 || p.month.endsWith('-01') ? p.month.slice(0, 4) : undefined,
            name: monthName(p.month, locale),
          }))}
          series={[
            { name: t('seriesRecorded'), values: r.trend.map((p) => p.recorded) },
            { name: t('seriesClosed'), values: r.trend.map((p) => p.closed) },
          ]}
          format={f.number}
        />
      </section>

      <section className="stack wide" aria-labelledby="report-records-heading">
        <h3 id="report-records-heading">{t('recordsHeading')}</h3>
        <div className="report-tables">
          {tables.map((b) => (
            <div key={b.dimension} className="table-wrap" tabIndex={0} role="region" aria-label={b.caption}>
              <table className={`data report-counts by-${b.dimension}`}>
                <caption>{b.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{b.column}</th>
                    <th scope="col" className="num">
                      {t('colRecords')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {b.rows.length === 0 ? (
                    <tr>
                      <td colSpan={2} className="muted">
                        {t('noRecordsInMonth')}
                      </td>
                    </tr>
                  ) : (
                    b.rows.map((row) => (
                      <tr key={row.key}>
                        <th scope="row" className={row.key === '' ? 'muted' : undefined}>
                          {row.label}
                        </th>
                        <td className="num">{f.number(row.count)}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      </section>

      <section className="stack wide" aria-labelledby="report-actions-heading">
        <h3 id="report-actions-heading">{t('reportActionsHeading')}</h3>
        {r.team && <p className="muted">{t('reportActionsTeam', { team: r.team.name })}</p>}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={actionsCaption}>
          <table className="data report-actions">
            <caption>{actionsCaption}</caption>
            <tbody>
              {actionFigures(r.actions, t, locale).map((x) => (
                <tr key={x.key}>
                  <th scope="row">{x.label}</th>
                  <td className="num" id={`action-figure-${x.key}`}>
                    {x.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="stack wide" aria-labelledby="report-causes-heading">
        <h3 id="report-causes-heading">{t('topCausesHeading')}</h3>
        {r.top_causes.length === 0 ? (
          <p className="empty">{t('noTopCauses', { month })}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={causesCaption}>
            <table className="data report-causes">
              <caption>{causesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rootCause')}</th>
                  <th scope="col" className="num">
                    {t('colRecords')}
                  </th>
                  <th scope="col" className="num">
                    {t('colInMonth')}
                  </th>
                  <th scope="col">{t('colLastReported')}</th>
                </tr>
              </thead>
              <tbody>
                {r.top_causes.map((x) => (
                  <tr key={x.group_id}>
                    <th scope="row" className="cause">
                      {x.root_cause || `#${x.group_id}`}
                    </th>
                    <td className="num">{f.number(x.records)}</td>
                    <td className="num">{f.number(x.in_month)}</td>
                    <td>
                      <time dateTime={x.last_reported} title={f.full(x.last_reported)}>
                        {f.date(x.last_reported)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

// problem.write: e-mails each team's manager their team's report of `month`, and says in a status
// region who it went to and which teams were skipped, and why. The region is always there, so
// screen readers announce what appears in it.
function SendReports(props: { month: string; locale: Locale }) {
  const t = useT(m);
  const submit = useSubmit();
  const [result, setResult] = useState<{ month: string; answer: SendResult } | null>(null);
  const headingId = useId();
  const send = () =>
    void submit.run(async () => {
      setResult(null);
      const answer = await api.post<SendResult>('/api/v1/guardian/reports/monthly/send', { month: props.month });
      setResult({ month: props.month, answer });
    });
  const summary = result ? sendSummary(result.answer, result.month, t, props.locale) : null;
  return (
    <section className="stack send-reports" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sendHeading')}</h2>
      <p className="muted">{t('sendHint', { month: monthName(props.month, props.locale) })}</p>
      <div className="row">
        <button type="button" onClick={send} disabled={submit.busy} aria-busy={submit.busy}>
          {submit.busy ? t('sending') : t('sendButton')}
        </button>
      </div>
      <ErrorBanner error={submit.error} />
      <div role="status" className="send-result">
        {summary && (
          <>
            <p>{summary.headline}</p>
            {summary.sent.length > 0 && (
              <ul>
                {summary.sent.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
            {summary.skipped.length > 0 && (
              <>
                <p>{t('skippedTitle')}</p>
                <ul>
                  {summary.skipped.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
