// The headline figure by month as a line, with its 95% margin of error as a band around it: a
// month of few answers shows a wide band, so nobody reads a swing of ten answers as a trend. The
// same numbers are in a table for screen readers (and anyone who prefers to read them).
import { useFormat, useLocale, useT } from '../../app/i18n';
import { chartGeometry, monthDate, round1, type Summary, type SurveyKind } from './surveys';
import m from './surveys.i18n';

const W = 640;
const H = 240;
const BOX = { left: 44, top: 12, width: W - 64, height: H - 48 };

export function SurveyChart(props: { kind: SurveyKind; figure: string; months: Array<Summary & { month: string }> }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const g = chartGeometry(props.kind, props.months, BOX);
  const monthName = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const label = (month: string) => monthName.format(monthDate(month));
  const caption = t('chartLabel', { figure: props.figure });
  return (
    <figure className="survey-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={caption} preserveAspectRatio="xMidYMid meet">
        {g.ticks.map((tick) => (
          <g key={tick.value} className={tick.value === 0 ? 'axis zero' : 'axis'}>
            <line x1={BOX.left} x2={BOX.left + BOX.width} y1={tick.y} y2={tick.y} />
            <text x={BOX.left - 6} y={tick.y + 4} textAnchor="end">
              {f.number(tick.value)}
            </text>
          </g>
        ))}
        {g.xs.map((x, i) => (
          // Every month on a short period; every other one past 12, so the labels do not collide.
          (g.xs.length <= 12 || i % 2 === 0) && (
            <text key={x.month} className="month" x={x.x} y={H - 16} textAnchor="middle">
              {label(x.month)}
            </text>
          )
        ))}
        <path className="band" d={g.band} />
        <path className="line" d={g.line} />
        {g.points.map((p) => (
          <circle key={p.month} className="point" cx={p.x} cy={p.y} r={4}>
            <title>{t('chartPoint', { month: label(p.month), value: f.number(round1(p.value)), margin: f.number(round1(p.margin)), answers: p.n === 1 ? t('oneAnswer') : t('answers', { n: f.number(p.n) }) })}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted">{caption}</figcaption>
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <tbody>
          {g.points.map((p) => (
            <tr key={p.month}>
              <th scope="row">{label(p.month)}</th>
              <td>
                {f.number(round1(p.value))} ± {f.number(round1(p.margin))}
              </td>
              <td>{(p.n === 1 ? t('oneAnswer') : t('answers', { n: f.number(p.n) }))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
