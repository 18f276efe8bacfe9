// The SLA thermometer (GET /api/v1/contracts/{id}/compliance): for a contract and a month, what it
// promised per ticket type against what was delivered on the tickets opened under it. Each promise
// is a bar with a mark at the contracted share, and the same numbers in words beside it; the
// result is a word (met / below / no data), never a colour alone. The contract and month stay in
// the address bar (the previous month unless chosen).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { navigate, useLocation } from '../../app/router';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { contractState, formatMonth, isMonth, monthPeriod, previousMonth, type ComplianceReport, type ComplianceRow, type Contract } from './contracts';
import m from './contracts.i18n';

function Gauge(props: { row: ComplianceRow }) {
  const delivered = props.row.delivered.met_percent;
  return (
    <div className="gauge" aria-hidden="true">
      {delivered !== null && <div className={`gauge-fill ${props.row.state}`} style={{ width: `${Math.min(100, Math.max(0, delivered))}%` }} />}
      <div className="gauge-mark" style={{ left: `${Math.min(100, props.row.contracted_percent)}%` }} />
    </div>
  );
}

export function Thermometer(props: { contracts: Contract[] }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { locale, timeZone } = useLocale();
  const headingId = useId();
  const { path, search } = useLocation();
  const now = Date.now();
  const chosen = Number(search.get('contract'));
  const contract =
    props.contracts.find((x) => x.id === chosen) ??
    props.contracts.find((x) => contractState(x, now) === 'in_force') ??
    props.contracts[props.contracts.length - 1];
  const requested = search.get('month');
  const month = isMonth(requested) ? requested : previousMonth(now, timeZone);
  const [form, setForm] = useState({ contract: String(contract.id), month });
  useEffect(() => setForm({ contract: String(contract.id), month }), [contract.id, month]);
  const report = useAsync(
    () => api.get<ComplianceReport>(`/api/v1/contracts/${contract.id}/compliance` + query(monthPeriod(month))),
    [contract.id, month],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isMonth(form.month)) return;
    navigate(path + query({ contract: form.contract, month: form.month }), { replace: true });
  };
  const percent = (n: number) => `${f.number(Math.round(n * 100) / 100)}%`;
  const monthName = formatMonth(month, locale);
  const r = report.data;
  return (
    <section aria-labelledby={headingId} className="card thermometer">
      <h3 id={headingId}>{t('thermo')}</h3>
      <p className="muted">{t('thermoIntro')}</p>
      <form className="row wrap toolbar" onSubmit={submit} aria-label={t('thermo')}>
        <SelectField
          label={t('contract')}
          value={form.contract}
          options={props.contracts.map((x) => ({ value: String(x.id), label: x.name }))}
          onChange={(e) => setForm({ ...form, contract: e.target.value })}
        />
        <TextField label={t('month')} type="month" value={form.month} required onChange={(e) => setForm({ ...form, month: e.target.value })} />
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorBanner error={report.error} onRetry={report.reload} />
      {!r ? (
        report.loading && <Loading />
      ) : (
        <div aria-busy={report.loading}>
          <p role="status">{t('tickets', { count: f.number(r.tickets), month: monthName })}</p>
          {r.rows.length === 0 ? (
            <p className="empty">{t('noTargets')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data compliance">
                <caption>{t('thermoCaption', { name: contract.name, month: monthName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('versus')}</th>
                    <th scope="col">{t('result')}</th>
                    <th scope="col">{t('met')}</th>
                    <th scope="col">{t('breached')}</th>
                    <th scope="col">{t('pending')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.rows.map((row) => (
                    <tr key={`${row.type}/${row.clock}`}>
                      <th scope="row">{t('targetName', { type: c(`type_${row.type}`), clock: t(`clock_${row.clock}`) })}</th>
                      <td className="versus">
                        <Gauge row={row} />
                        <span>
                          {row.delivered.met_percent === null
                            ? t('verdictNoData', { contracted: percent(row.contracted_percent) })
                            : t('verdict', { contracted: percent(row.contracted_percent), delivered: percent(row.delivered.met_percent) })}
                        </span>
                      </td>
                      <td>
                        <span className={`badge result-${row.state}`}>{t(`result_${row.state}`)}</span>
                      </td>
                      <td className="num">{f.number(row.delivered.met)}</td>
                      <td className="num">{f.number(row.delivered.breached)}</td>
                      <td className="num">{f.number(row.delivered.pending)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
