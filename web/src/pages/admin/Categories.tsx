// Categories (catalog.write): two levels, top-level categories and their subcategories. Create,
// rename, activate and deactivate; a deactivated category stays on old tickets but can't be
// chosen for new ones.
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { invalidate } from '../../app/directory';
import { useT } from '../../app/i18n';
import type { Category, ListOf } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { ActiveBadge, FormButtons, FormProblem, RowAction, SuccessNotice, useSubmit } from '../../ui/kit';
import m from './categories.i18n';

const byName = (a: Category, b: Category) => a.name.localeCompare(b.name);

function CategoryForm(props: {
  category?: Category;
  parentId: number | null;
  tops: Category[];
  onSaved: (x: Category) => void;
  onCancel: () => void;
  onReload?: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const x = props.category;
  const [name, setName] = useState(x?.name ?? '');
  const [parent, setParent] = useState(props.parentId ? String(props.parentId) : '');
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      props.onSaved(
        x
          ? await api.patch<Category>(`/api/v1/categories/${x.id}`, { name }, { ifMatch: x.version })
          : await api.post<Category>('/api/v1/categories', { name, parent_id: parent ? Number(parent) : null }),
      );
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={['name', 'parent_id']} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={200} autoComplete="off" />
      {!x && (
        <SelectField
          label={t('parent')}
          value={parent}
          onChange={(e) => setParent(e.target.value)}
          options={[{ value: '', label: t('topLevel') }, ...props.tops.map((p) => ({ value: String(p.id), label: p.name }))]}
          error={fe('parent_id')}
        />
      )}
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

type DialogState = { kind: 'new'; parentId: number | null } | { kind: 'rename'; id: number } | null;

export function CategoriesAdmin() {
  const t = useT(m);
  const cats = useAsync(() => api.get<ListOf<Category>>('/api/v1/categories').then((l) => l.items), []);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState('');
  const toggling = useSubmit();
  const all = cats.data ?? [];
  const tops = all.filter((x) => x.parent_id === null).sort(byName);
  const subs = (id: number) => all.filter((x) => x.parent_id === id).sort(byName);
  const current = dialog?.kind === 'rename' ? all.find((x) => x.id === dialog.id) : undefined;
  const put = (x: Category) => {
    invalidate('categories');
    cats.setData([...all.filter((y) => y.id !== x.id), x]);
  };
  const toggle = (x: Category) =>
    void toggling.run(async () => {
      const saved = await api.patch<Category>(`/api/v1/categories/${x.id}`, { active: !x.active }, { ifMatch: x.version });
      put(saved);
      setNotice(t(saved.active ? 'activated' : 'deactivated', { name: saved.name }));
    });

  const row = (x: Category, top: boolean) => (
    <div className="row">
      {top ? <strong>{x.name}</strong> : <span>{x.name}</span>}
      <ActiveBadge active={x.active} />
      <RowAction label={t('rename')} of={x.name} onClick={() => setDialog({ kind: 'rename', id: x.id })} />
      <RowAction label={x.active ? t('deactivate') : t('activate')} of={x.name} onClick={() => toggle(x)} disabled={toggling.busy} />
      {top && (
        <RowAction label={t('addSubcategory')} of={x.name} onClick={() => setDialog({ kind: 'new', parentId: x.id })} />
      )}
    </div>
  );

  return (
    <>
      <p className="muted">{t('intro')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'new', parentId: null })}>
          {t('newCategory')}
        </button>
      </div>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <FormProblem
        error={toggling.error}
        noForm
        onReload={() => {
          toggling.setError(null);
          cats.reload();
        }}
      />
      <ErrorBanner error={cats.error} onRetry={cats.reload} />
      {!cats.data ? (
        cats.loading && <Loading />
      ) : tops.length === 0 ? (
        <p className="empty">{t('noCategories')}</p>
      ) : (
        <ul className="tree" aria-label={t('treeLabel')}>
          {tops.map((top) => {
            const children = subs(top.id);
            return (
              <li key={top.id}>
                {row(top, true)}
                {children.length > 0 ? (
                  <ul aria-label={t('subcategoriesOf', { name: top.name })}>
                    {children.map((sub) => (
                      <li key={sub.id}>{row(sub, false)}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t('noSubcategories')}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Dialog
        open={dialog?.kind === 'new'}
        title={dialog?.kind === 'new' && dialog.parentId ? t('newSubcategory') : t('newCategory')}
        onClose={() => setDialog(null)}
      >
        {dialog?.kind === 'new' && (
          <CategoryForm
            parentId={dialog.parentId}
            tops={tops.filter((x) => x.active || x.id === dialog.parentId)}
            onCancel={() => setDialog(null)}
            onSaved={(x) => {
              put(x);
              setDialog(null);
              setNotice(t('created', { name: x.name }));
            }}
          />
        )}
      </Dialog>
      <Dialog open={dialog?.kind === 'rename' && !!current} title={t('renameTitle', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <CategoryForm
            key={current.version}
            category={current}
            parentId={current.parent_id}
            tops={tops}
            onCancel={() => setDialog(null)}
            onReload={cats.reload}
            onSaved={(x) => {
              put(x);
              setDialog(null);
              setNotice(t('renamed', { name: x.name }));
            }}
          />
        )}
      </Dialog>
    </>
  );
}
