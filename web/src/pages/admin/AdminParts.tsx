// What the list-and-detail administration screens (calendars, SLA policies) share: the list with
// its "new" link, one item's frame (back link, loading, errors, the saved notice, and a fresh form
// after "reload the latest version"), and small pieces.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { query } from '../../app/api';
import { useAsync, type Async } from '../../app/data';
import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner, Loading, Notice } from '../../ui/feedback';
import { SuccessNotice } from '../../ui/kit';
import m from './admin.i18n';

export function AdminBackLink(props: { to: string; label: string }) {
  return (
    <p>
      <Link to={props.to}>{props.label}</Link>
    </p>
  );
}

// "Default" in words: the default calendar, the default policy.
export function DefaultBadge() {
  const t = useT(m);
  return <span className="badge default">{t('defaultBadge')}</span>;
}

export function ReadOnlyNote(props: { text: string }) {
  return <Notice>{props.text}</Notice>;
}

export function NotFoundHere() {
  const t = useT(m);
  return <Notice kind="warning">{t('notFoundHere')}</Notice>;
}

// The audit log filtered to one object (or one kind).
export function AuditLink(props: { kind: 'calendar' | 'sla_policy' | 'contract'; id?: number; label: string }) {
  return (
    <p>
      <Link to={'/admin/audit' + query({ object_kind: props.kind, object_id: props.id })}>{props.label}</Link>
    </p>
  );
}

// The list of a section: its introduction, a "new" link for catalog.write, and a table of items.
export function AdminList<T extends { id: number }>(props: {
  intro: string;
  newLink: { to: string; label: string };
  list: Async<T[]>;
  empty: string;
  className: string;
  head: ReactNode;  // the <th> cells
  row: (item: T) => ReactNode;  // one item's cells
}) {
  const { me } = useSession();
  const items = props.list.data ?? [];
  return (
    <>
      <p>{props.intro}</p>
      {can(me, 'catalog.write') && (
        <div className="toolbar">
          <Link to={props.newLink.to} className="primary">
            {props.newLink.label}
          </Link>
        </div>
      )}
      <ErrorBanner error={props.list.error} onRetry={props.list.reload} />
      {!props.list.data ? (
        props.list.loading && <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className={`data ${props.className}`}>
            <thead>
              <tr>{props.head}</tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>{props.row(x)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export interface Edited<T> {
  item: Async<T>;
  generation: number;  // the editor's key: a new one after a reload
  reload: () => void;
  saved: (x: T, notice: string) => void;
}

// One item's page: the back link, loading and errors, the notice after a save; `children` gets the
// item once it is there.
export function AdminItem<T>(props: { load: () => Promise<T>; deps: unknown[]; back: { to: string; label: string }; children: (x: T, e: Edited<T>) => ReactNode }) {
  const item = useAsync(props.load, props.deps);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState('');
  // After "reload the latest version" the editor starts again once the latest has arrived.
  const reloading = useRef(false);
  useEffect(() => {
    if (reloading.current && !item.loading) {
      reloading.current = false;
      setGeneration((g) => g + 1);
    }
  }, [item.data, item.loading]);
  const edited: Edited<T> = {
    item,
    generation,
    reload: () => {
      reloading.current = true;
      item.reload();
    },
    saved: (x, text) => {
      item.setData(x);
      setNotice(text);
    },
  };
  return (
    <>
      <AdminBackLink to={props.back.to} label={props.back.label} />
      <ErrorBanner error={item.error} onRetry={item.reload} />
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      {item.data === undefined ? item.loading && <Loading /> : props.children(item.data, edited)}
    </>
  );
}
