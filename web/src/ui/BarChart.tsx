// A small bar chart of counts: for each point (a month, a category) one bar per series, side by
// side, with a legend. The picture is one image to screen readers, named by `summary` (what it
// shows, in a sentence); the same numbers are in a visually hidden table, captioned `title`, for
// them and for anyone who prefers to read them. Series are told apart by fill and pattern as well
// as colour (solid, hatched, dotted, light), never by colour alone.
import { useId } from 'react';
import { barChartGeometry } from './barChart';

export interface BarSeries {
  name: string;
  values: number[];
}

export interface BarPoint {
  label: string;  // under its bars (short: "Mar")
  sublabel?: string;  // a second line under it ("2026"), where one helps
  name: string;  // in full, for the table and the bars' tooltips ("March 2026")
}

const W = 640;
const H = 240;
const BOX = { left: 40, top: 12, width: W - 52, height: H - 56 };

export function BarChart(props: {
  title: string;
  summary: string;
  pointHeader: string;  // the table's first column ("Month")
  points: BarPoint[];
  series: BarSeries[];
  format?: (n: number) => string;
  className?: string;
}) {
  const format = props.format ?? ((n: number) => String(n));
  const g = barChartGeometry(
    props.series.map((s) => s.values),
    BOX,
  );
  // An id usable inside url(#…): React's ids may hold characters a URL reference does not take.
  const uid = 'bars' + useId().replace(/[^\w-]/g, '');
  const fill = (s: number) => (s === 1 || s === 2 ? `url(#${uid}-p${s})` : undefined);
  return (
    <figure className={`bar-chart ${props.className ?? ''}`}>
      <figcaption className="chart-title">{props.title}</figcaption>
      <ul className="chart-legend">
        {props.series.map((s, i) => (
          <li key={s.name}>
            <span className={`swatch series-${i}`} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.summary} preserveAspectRatio="xMidYMid meet">
        <defs>
          <pattern id={`${uid}-p1`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect className="pattern-ground series-1" width="6" height="6" />
            <line className="pattern-ink series-1" x1="0" y1="0" x2="0" y2="6" strokeWidth="3" />
          </pattern>
          <pattern id={`${uid}-p2`} width="5" height="5" patternUnits="userSpaceOnUse">
            <rect className="pattern-ground series-2" width="5" height="5" />
            <circle className="pattern-ink series-2" cx="2.5" cy="2.5" r="1.3" />
          </pattern>
        </defs>
        {g.ticks.map((tick) => (
          <g key={tick.value} className={tick.value === 0 ? 'axis zero' : 'axis'}>
            <line x1={BOX.left} x2={BOX.left + BOX.width} y1={tick.y} y2={tick.y} />
            <text x={BOX.left - 6} y={tick.y + 4} textAnchor="end">
              {format(tick.value)}
            </text>
          </g>
        ))}
        {g.groups.map((group) => {
          const point = props.points[group.index];
          return (
            <g key={group.index}>
              {group.bars.map((b) => (
                // A zero still shows as a hairline on the axis, so "none" reads differently from "missing".
                <rect key={b.series} className={`bar series-${b.series}`} x={b.x} y={b.height > 0 ? b.y : b.y - 1} width={b.width} height={Math.max(b.height, 1)} fill={fill(b.series)}>
                  <title>{`${point?.name ?? ''} — ${props.series[b.series]?.name ?? ''}: ${format(b.value)}`}</title>
                </rect>
              ))}
              {point && (
                <text className="label" x={group.center} y={BOX.top + BOX.height + 16} textAnchor="middle">
                  {point.label}
                </text>
              )}
              {point?.sublabel && (
                <text className="label sub" x={group.center} y={BOX.top + BOX.height + 30} textAnchor="middle">
                  {point.sublabel}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.pointHeader}</th>
            {props.series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.points.map((p, i) => (
            <tr key={i}>
              <th scope="row">{p.name}</th>
              {props.series.map((s) => (
                <td key={s.name}>{format(s.values[i] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
