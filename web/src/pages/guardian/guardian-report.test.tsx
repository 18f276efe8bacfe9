import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import common from '../../app/common.i18n';
import { LocaleProvider, translate } from '../../app/i18n';
import type { Locale } from '../../model/types';
import { ReportView } from './GuardianReport';
import {
  actionFigures,
  addMonths,
  daysText,
  isMonth,
  lastFullMonth,
  monthIn,
  monthName,
  percentText,
  reportApiPath,
  reportBreakdowns,
  reportFigures,
  reportFromSearch,
  reportHref,
  reportKeyName,
  sendSummary,
  shortMonthName,
  trendSummary,
  trendTitle,
  type MonthReport,
} from './guardian-report';
import m from './guardian.i18n';

const en = translate(m, 'en');
const pt = translate(m, 'pt-BR');
const cEn = translate(common, 'en');
const cPt = translate(common, 'pt-BR');

// The example of docs/GUARDIAN.md, "Monthly reports".
const trend = Array.from({ length: 12 }, (_, i) => ({ month: addMonths('2025-04', i), recorded: 0, closed: 0 }));
trend[9] = { month: '2026-01', recorded: 1, closed: 0 };
trend[11] = { month: '2026-03', recorded: 3, closed: 2 };
const report: MonthReport = {
  month: '2026-03',
  time_zone: 'America/Sao_Paulo',
  team: null,
  recorded: 3,
  closed: 2,
  open_at_end: 2,
  by_error_category: [
    { key: 'delivery delay', id: null, count: 2 },
    { key: '', id: null, count: 1 },
  ],
  by_cause_category: [
    { key: 'process', id: null, count: 2 },
    { key: 'human', id: null, count: 1 },
  ],
  by_team: [
    { key: 'Field', id: 2, count: 2 },
    { key: '', id: null, count: 1 },
  ],
  by_segment: [
    { key: 'smb', id: null, count: 2 },
    { key: 'enterprise', id: null, count: 1 },
  ],
  by_level: [
    { key: 'high', id: null, count: 2 },
    { key: 'critical', id: null, count: 1 },
  ],
  trend,
  actions: { due: 3, done_on_time: 1, done_late: 1, open_late: 1, cancelled: 1, on_time_percent: 33.3, average_days_late: 6.0 },
  fixed: 2,
  average_days_to_fix: 1.8,
  prevented: 1,
  average_days_to_prevention: 20,
  top_causes: [{ group_id: 1, root_cause: 'The branch table was out of date.', records: 3, in_month: 2, last_reported: '2026-03-06T12:00:00Z' }],
};

describe("the report's month", () => {
  it('knows a month when it sees one', () => {
    expect(isMonth('2026-03')).toBe(true);
    expect(isMonth('2026-3')).toBe(false);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('March')).toBe(false);
  });

  it('opens on the last full month in the reader’s time zone', () => {
    // 1 April 2026, 01:30 UTC: still 31 March in São Paulo, already April in Lisbon.
    const now = Date.parse('2026-04-01T01:30:00Z');
    expect(monthIn(now, 'America/Sao_Paulo')).toBe('2026-03');
    expect(lastFullMonth(now, 'America/Sao_Paulo')).toBe('2026-02');
    expect(lastFullMonth(now, 'Europe/Lisbon')).toBe('2026-03');
    expect(lastFullMonth(Date.parse('2026-01-15T12:00:00Z'), 'UTC')).toBe('2025-12');
    expect(lastFullMonth(now, 'Not/AZone')).toBe('2026-03');
  });

  it('moves by months across the years', () => {
    expect(addMonths('2026-03', 1)).toBe('2026-04');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
  });

  it('names the month in both languages', () => {
    expect(monthName('2026-03', 'en')).toBe('March 2026');
    expect(monthName('2026-03', 'pt-BR')).toBe('março de 2026');
    expect(shortMonthName('2026-03', 'en')).toBe('Mar');
    expect(shortMonthName('2026-03', 'pt-BR')).toBe('mar.');
    expect(monthName('soon', 'en')).toBe('soon');
  });

  it('keeps the month and the team in the address, as the e-mailed link has them', () => {
    expect(reportFromSearch(new URLSearchParams('month=2026-03&team_id=2'), '2026-05')).toEqual({ month: '2026-03', team_id: '2' });
    expect(reportFromSearch(new URLSearchParams(''), '2026-05')).toEqual({ month: '2026-05', team_id: '' });
    expect(reportFromSearch(new URLSearchParams('month=march&team_id=x'), '2026-05')).toEqual({ month: '2026-05', team_id: '' });
    expect(reportHref({ month: '2026-03', team_id: '2' })).toBe('/guardian/reports?month=2026-03&team_id=2');
    expect(reportHref({ month: '2026-03', team_id: '' })).toBe('/guardian/reports?month=2026-03');
  });

  it('downloads the same report as a PDF', () => {
    expect(reportApiPath({ month: '2026-03', team_id: '' })).toBe('/api/v1/guardian/reports/monthly?month=2026-03');
    expect(reportApiPath({ month: '2026-03', team_id: '2' }, 'pdf')).toBe('/api/v1/guardian/reports/monthly?month=2026-03&team_id=2&format=pdf');
  });
});

describe('the report in words', () => {
  it('shows the key figures in English', () => {
    expect(reportFigures(report, en, 'en').map((f) => [f.label, f.value])).toEqual([
      ['Recorded in the month', '3'],
      ['Closed in the month', '2'],
      ['Open at the month’s end', '2'],
      ['Fixed, of the month’s records', '2'],
      ['Average time to fix', '1.8 days'],
      ['Average time to prevention', '20 days'],
      ['Actions on time', '33.3%'],
      ['Late actions', '2'],
    ]);
  });

  it('shows the key figures in Portuguese', () => {
    expect(reportFigures(report, pt, 'pt-BR').map((f) => [f.label, f.value])).toEqual([
      ['Registrados no mês', '3'],
      ['Encerrados no mês', '2'],
      ['Abertos no fim do mês', '2'],
      ['Corrigidos, dos registros do mês', '2'],
      ['Tempo médio até a correção', '1,8 dias'],
      ['Tempo médio até a prevenção', '20 dias'],
      ['Ações no prazo', '33,3%'],
      ['Ações atrasadas', '2'],
    ]);
  });

  it('shows a dash where there is nothing to average', () => {
    const quiet = { ...report, fixed: 0, average_days_to_fix: null, prevented: 0, average_days_to_prevention: null, actions: { due: 0, done_on_time: 0, done_late: 0, open_late: 0, cancelled: 0, on_time_percent: 0, average_days_late: 0 } };
    const figures = Object.fromEntries(reportFigures(quiet, en, 'en').map((f) => [f.key, f.value]));
    expect(figures).toMatchObject({ average_days_to_fix: '—', average_days_to_prevention: '—', on_time_percent: '—', late_actions: '0' });
    expect(actionFigures(quiet.actions, en, 'en').find((x) => x.key === 'average_days_late')?.value).toBe('—');
  });

  it('says days the reader’s way, one day singular only', () => {
    expect(daysText(1, en, 'en')).toBe('1 day');
    expect(daysText(1, pt, 'pt-BR')).toBe('1 dia');
    expect(daysText(0, pt, 'pt-BR')).toBe('0 dias');
    expect(daysText(1.54, pt, 'pt-BR')).toBe('1,5 dias');
    expect(daysText(12, en, 'en')).toBe('12 days');
    expect(daysText(null, en, 'en')).toBe('—');
    expect(percentText(100, 'en')).toBe('100%');
    expect(percentText(0, 'pt-BR')).toBe('0%');
  });

  it('names the keys in the reader’s language: causes, segments and preset levels; "" as none yet', () => {
    expect(reportKeyName('cause_category', 'process', en, cEn)).toBe('Process');
    expect(reportKeyName('cause_category', 'human', pt, cPt)).toBe('Humana');
    expect(reportKeyName('segment', 'smb', en, cEn)).toBe('SMB');
    expect(reportKeyName('segment', 'mid_market', pt, cPt)).toBe('Médio porte');
    expect(reportKeyName('level', 'high', pt, cPt)).toBe('alto');
    expect(reportKeyName('level', 'critical', pt, cPt)).toBe('critical');
    expect(reportKeyName('error_category', 'delivery delay', pt, cPt)).toBe('delivery delay');
    expect(reportKeyName('team', 'Field', pt, cPt)).toBe('Field');
    expect(reportKeyName('error_category', '', en, cEn)).toBe('(none yet)');
    expect(reportKeyName('level', '', pt, cPt)).toBe('(ainda sem)');
  });

  it('counts the records five ways in the company’s report, four in a team’s', () => {
    const tables = reportBreakdowns(report, en, cEn);
    expect(tables.map((x) => [x.caption, x.column])).toEqual([
      ['By error category', 'Error category'],
      ['By cause category', 'Cause category'],
      ['By team', 'Team'],
      ['By customer segment', 'Customer segment'],
      ['By GUT level', 'GUT level'],
    ]);
    expect(tables[0].rows.map((x) => [x.label, x.count])).toEqual([
      ['delivery delay', 2],
      ['(none yet)', 1],
    ]);
    expect(tables[2].rows.map((x) => x.label)).toEqual(['Field', '(none yet)']);
    const ptTables = reportBreakdowns({ ...report, team: { id: 2, name: 'Field' } }, pt, cPt);
    expect(ptTables.map((x) => x.caption)).toEqual(['Por categoria de erro', 'Por categoria de causa', 'Por segmento de cliente', 'Por nível GUT']);
    expect(ptTables[1].rows.map((x) => x.label)).toEqual(['Processo', 'Humana']);
    expect(ptTables[2].rows.map((x) => x.label)).toEqual(['PME', 'Grande empresa']);
    expect(ptTables[3].rows.map((x) => x.label)).toEqual(['alto', 'critical']);
  });

  it('lists the actions due in the month', () => {
    expect(actionFigures(report.actions, en, 'en').map((x) => [x.label, x.value])).toEqual([
      ['Due (cancelled ones aside)', '3'],
      ['Done on time', '1'],
      ['Done late', '1'],
      ['Not done, past due', '1'],
      ['Cancelled', '1'],
      ['On time', '33.3%'],
      ['Average lateness', '6 days'],
    ]);
    expect(actionFigures(report.actions, pt, 'pt-BR').map((x) => x.value).slice(-2)).toEqual(['33,3%', '6 dias']);
  });

  it('titles and sums up the trend chart for screen readers', () => {
    expect(trendTitle(report.trend, en, 'en')).toBe('Recorded and closed, April 2025 to March 2026');
    expect(trendTitle(report.trend, pt, 'pt-BR')).toBe('Registrados e encerrados, de abril de 2025 a março de 2026');
    expect(trendSummary(report.trend, en, 'en')).toBe(
      'Problem records recorded and closed each month, April 2025 to March 2026. In all: 4 recorded, 2 closed. Most recorded: 3 in March 2026.',
    );
    expect(trendSummary(report.trend, pt, 'pt-BR')).toBe(
      'Registros de problemas feitos e encerrados a cada mês, de abril de 2025 a março de 2026. No total: registrados 4, encerrados 2. Mês com mais registros: março de 2026, com 3.',
    );
    const empty = report.trend.map((x) => ({ ...x, recorded: 0, closed: 0 }));
    expect(trendSummary(empty, en, 'en')).toBe('Problem records recorded and closed each month, April 2025 to March 2026. In all: 0 recorded, 0 closed.');
  });

  it('says who the reports were e-mailed to, and which teams were skipped and why, in both languages', () => {
    const answer = {
      sent: [
        { team: 'Field', to: 'fernanda@example.com' },
        { team: 'Product', to: 'paula@example.com' },
      ],
      skipped: [{ team: 'Billing', reason: 'the team has no active manager with an e-mail address' }],
    };
    expect(sendSummary(answer, '2026-03', en, 'en')).toEqual({
      headline: 'The reports for March 2026 were e-mailed to 2 managers:',
      sent: ['Field: fernanda@example.com', 'Product: paula@example.com'],
      skipped: ['Billing: the team has no active manager with an e-mail address'],
    });
    expect(sendSummary(answer, '2026-03', pt, 'pt-BR')).toEqual({
      headline: 'Os relatórios de março de 2026 foram enviados por e-mail a 2 gestores:',
      sent: ['Field: fernanda@example.com', 'Product: paula@example.com'],
      skipped: ['Billing: a equipe não tem um gestor ativo com endereço de e-mail'],
    });
    expect(sendSummary({ sent: [answer.sent[0]], skipped: [] }, '2026-03', en, 'en').headline).toBe('The report for March 2026 was e-mailed to 1 manager:');
    expect(sendSummary({ sent: [], skipped: [{ team: 'Billing', reason: 'on holiday' }] }, '2026-03', pt, 'pt-BR')).toEqual({
      headline: 'Nenhum relatório de março de 2026 foi enviado por e-mail.',
      sent: [],
      skipped: ['Billing: on holiday'],
    });
  });
});

describe('the report page', () => {
  const render = (locale: Locale, r: MonthReport = report) =>
    renderToStaticMarkup(
      <LocaleProvider value={{ locale, timeZone: 'America/Sao_Paulo', setLocale: async () => {} }}>
        <ReportView report={r} />
      </LocaleProvider>,
    );
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('shows the figures, the chart, the tables and the causes in English', () => {
    const html = render('en');
    expect(html).toContain('<h2>March 2026: whole company</h2>');
    expect(html).toContain('<dd id="figure-recorded">3</dd>');
    expect(html).toContain('<dd id="figure-average_days_to_fix">1.8 days</dd>');
    expect(html).toContain('<dd id="figure-on_time_percent">33.3%</dd>');
    expect(html).toContain('role="img" aria-label="Problem records recorded and closed each month, April 2025 to March 2026.');
    expect(html).toContain('<caption>By team</caption>');
    expect(text(html)).toContain('By customer segment Customer segment Records SMB 2 Enterprise 1');
    expect(text(html)).toContain('Not done, past due 1');
    // The last report in the reader's time zone: 09:00 in São Paulo.
    expect(text(html)).toContain('The branch table was out of date. 3 2 Mar 6, 2026');
  });

  it('shows it in Portuguese, and a team’s report without the table by team', () => {
    const html = render('pt-BR', { ...report, team: { id: 2, name: 'Field' } });
    expect(html).toContain('<h2>março de 2026: equipe Field</h2>');
    expect(html).toContain('<dd id="figure-average_days_to_fix">1,8 dias</dd>');
    expect(html).not.toContain('<caption>Por equipe</caption>');
    expect(text(html)).toContain('Por categoria de causa Categoria da causa Registros Processo 2 Humana 1');
    expect(text(html)).toContain('As ações que a equipe Field executa, em qualquer registro.');
    expect(text(html)).toContain('6 de mar. de 2026');
  });

  it('says when nothing came back and nothing was recorded', () => {
    const html = render('en', { ...report, recorded: 0, by_error_category: [], top_causes: [] });
    expect(text(html)).toContain('By error category Error category Records No records in the month.');
    expect(text(html)).toContain('No cause had come back by the end of March 2026.');
  });
});
