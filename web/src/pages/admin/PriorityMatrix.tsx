// The priority matrix: which priority a ticket gets from its impact and urgency (unless someone
// sets it by hand with a reason). A 3 × 3 grid of choices, saved at once.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useT } from '../../app/i18n';
import type { Level, Priority } from '../../model/types';
import { LEVELS, PRIORITIES } from '../../model/types';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { FormButtons, FormProblem, SuccessNotice, useSubmit } from '../../ui/kit';
import m from './priorityMatrix.i18n';

type Matrix = Record<Level, Record<Level, Priority>>;

export function PriorityMatrixAdmin() {
  const t = useT(m);
  const c = useT(common);
  const loaded = useAsync(() => api.get<{ impact_by_urgency: Matrix }>('/api/v1/settings/priority-matrix'), []);
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [done, setDone] = useState(false);
  const s = useSubmit();
  useEffect(() => {
    if (loaded.data) setMatrix(loaded.data.impact_by_urgency);
  }, [loaded.data]);

  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!matrix) return <Loading />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (await s.run(async () => {
      const saved = await api.put<{ impact_by_urgency: Matrix }>('/api/v1/settings/priority-matrix', { impact_by_urgency: matrix });
      setMatrix(saved.impact_by_urgency);
    })) setDone(true);
  };

  return (
    <form className="stack wide" onSubmit={submit}>
      <p>{t('intro')}</p>
      {done && <SuccessNotice onDismiss={() => setDone(false)}>{t('saved')}</SuccessNotice>}
      <FormProblem error={s.error} onReload={loaded.reload} />
      <div className="table-wrap">
        <table className="data matrix">
          <caption>{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('impactUrgency')}</th>
              {LEVELS.map((u) => (
                <th key={u} scope="col">
                  {t('urgency', { level: c(`level_${u}`) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((i) => (
              <tr key={i}>
                <th scope="row">{t('impact', { level: c(`level_${i}`) })}</th>
                {LEVELS.map((u) => (
                  <td key={u}>
                    <select
                      aria-label={t('cell', { impact: c(`level_${i}`), urgency: c(`level_${u}`) })}
                      value={matrix[i][u]}
                      onChange={(e) => setMatrix({ ...matrix, [i]: { ...matrix[i], [u]: e.target.value as Priority } })}
                    >
                      {PRIORITIES.map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                    </select>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('appliesTo')}</p>
      <FormButtons busy={s.busy} label={c('save')} />
    </form>
  );
}
