import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from './BarChart';
import { barChartGeometry, niceScale } from './barChart';

describe("a bar chart's axis", () => {
  it('ends at a round number of whole steps covering the largest count', () => {
    expect(niceScale(3)).toEqual({ top: 3, step: 1 });
    expect(niceScale(5)).toEqual({ top: 5, step: 1 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(12)).toEqual({ top: 15, step: 5 });
    expect(niceScale(48)).toEqual({ top: 50, step: 10 });
    expect(niceScale(230)).toEqual({ top: 250, step: 50 });
  });

  it('still has an axis, 0 to 1, when every count is 0', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(Number.NaN)).toEqual({ top: 1, step: 1 });
  });
});

describe("a bar chart's bars", () => {
  const box = { left: 40, top: 10, width: 400, height: 200 };

  it('puts each point in an equal slot, its bars side by side in series order, rising from the bottom', () => {
    const g = barChartGeometry(
      [
        [0, 2, 4],
        [1, 0, 3],
      ],
      box,
    );
    expect(g.top).toBe(4);
    expect(g.ticks.map((x) => [x.value, x.y])).toEqual([
      [0, 210],
      [1, 160],
      [2, 110],
      [3, 60],
      [4, 10],
    ]);
    expect(g.groups).toHaveLength(3);
    const [first, second, third] = g.groups;
    expect(first.center).toBeCloseTo(40 + 400 / 6);
    expect(second.center).toBeCloseTo(40 + 400 / 2);
    // 80% of a slot of 133.3, shared by two bars.
    expect(first.bars[0].width).toBeCloseTo(53.33, 1);
    expect(first.bars[1].x).toBeCloseTo(first.bars[0].x + first.bars[0].width);
    expect(first.bars[0]).toMatchObject({ series: 0, value: 0, height: 0, y: 210 });
    expect(first.bars[1]).toMatchObject({ series: 1, value: 1, height: 50, y: 160 });
    expect(third.bars[0]).toMatchObject({ value: 4, height: 200, y: 10 });
  });

  it('draws a missing or negative value as 0, and nothing for no points', () => {
    const g = barChartGeometry([[2, -1], [1]], box);
    expect(g.groups[1].bars.map((b) => b.height)).toEqual([0, 0]);
    expect(barChartGeometry([[], []], box).groups).toEqual([]);
    expect(barChartGeometry([], box).groups).toEqual([]);
  });
});

describe('the bar chart as people get it', () => {
  const html = renderToStaticMarkup(
    <BarChart
      title="Recorded and closed, January to March 2026"
      summary="3 recorded and 1 closed in all."
      pointHeader="Month"
      points={[
        { label: 'Jan', sublabel: '2026', name: 'January 2026' },
        { label: 'Feb', name: 'February 2026' },
        { label: 'Mar', name: 'March 2026' },
      ]}
      series={[
        { name: 'Recorded', values: [1, 0, 2] },
        { name: 'Closed', values: [0, 0, 1] },
      ]}
    />,
  );

  it('is one image named by its summary, under a visible title and legend', () => {
    expect(html).toContain('<svg viewBox="0 0 640 240" role="img" aria-label="3 recorded and 1 closed in all."');
    expect(html).toContain('<figcaption class="chart-title">Recorded and closed, January to March 2026</figcaption>');
    expect(html).toMatch(/<li><span class="swatch series-0" aria-hidden="true"><\/span>Recorded<\/li>/);
    expect(html).toContain('<title>March 2026 — Closed: 1</title>');
    // The second series is hatched, not only another colour.
    expect(html).toMatch(/class="bar series-1"[^>]*fill="url\(#bars[\w-]*-p1\)"/);
  });

  it('has every number in a table for screen readers', () => {
    const table = html.slice(html.indexOf('<table'));
    expect(table).toContain('<table class="visually-hidden"><caption>Recorded and closed, January to March 2026</caption>');
    expect(table).toContain('<th scope="col">Month</th><th scope="col">Recorded</th><th scope="col">Closed</th>');
    expect(table).toContain('<tr><th scope="row">March 2026</th><td>2</td><td>1</td></tr>');
    expect(table.match(/<tr>/g)).toHaveLength(4);
  });
});
