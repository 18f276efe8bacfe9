// Administration: staff users, teams, categories, custom fields, the priority matrix, business
// calendars, SLA policies (with their escalation matrices), SLA alert channels, monitoring channels
// and the audit log (organisations are managed on their own pages). Each section shows only to
// those with its permission; an address for a section the viewer may not manage says so in plain
// words.
// Calendars and SLA policies can be read by all staff; only catalog.write changes them.
import { useT } from '../../app/i18n';
import { Link, Redirect } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Session } from '../../model/types';
import { Notice } from '../../ui/feedback';
import m from './admin.i18n';
import { AlertsAdmin } from './Alerts';
import { AuditAdmin } from './Audit';
import { CalendarsAdmin } from './Calendars';
import { CategoriesAdmin } from './Categories';
import { CustomFieldsAdmin } from './CustomFields';
import { MonitoringAdmin } from './Monitoring';
import { ChatWidgetsAdmin } from './ChatWidgets';
import { PriorityMatrixAdmin } from './PriorityMatrix';
import { SlaPoliciesAdmin } from './SlaPolicies';
import { TeamsAdmin } from './Teams';
import { UsersAdmin } from './Users';

type SectionKey =
  | 'users'
  | 'teams'
  | 'organisations'
  | 'categories'
  | 'custom-fields'
  | 'priority-matrix'
  | 'calendars'
  | 'sla-policies'
  | 'alerts'
  | 'monitoring'
  | 'chat-widgets'
  | 'audit';

type Title = 'users' | 'teams' | 'organisations' | 'categories' | 'customFields' | 'priorityMatrix' | 'calendars' | 'slaPolicies' | 'alerts' | 'monitoring' | 'chatWidgets' | 'audit';

// `permissions`: any one of them opens the section.
const SECTIONS: Array<{ key: SectionKey; permissions: string[]; title: Title }> = [
  { key: 'users', permissions: ['user.write'], title: 'users' },
  { key: 'teams', permissions: ['team.write'], title: 'teams' },
  { key: 'organisations', permissions: ['organisation.write'], title: 'organisations' },
  { key: 'categories', permissions: ['catalog.write'], title: 'categories' },
  { key: 'custom-fields', permissions: ['catalog.write'], title: 'customFields' },
  { key: 'priority-matrix', permissions: ['catalog.write'], title: 'priorityMatrix' },
  { key: 'calendars', permissions: ['directory.read'], title: 'calendars' },
  { key: 'sla-policies', permissions: ['directory.read'], title: 'slaPolicies' },
  { key: 'alerts', permissions: ['catalog.write'], title: 'alerts' },
  { key: 'monitoring', permissions: ['catalog.write'], title: 'monitoring' },
  { key: 'chat-widgets', permissions: ['catalog.write'], title: 'chatWidgets' },
  { key: 'audit', permissions: ['catalog.write', 'contract.read'], title: 'audit' },
];

const allowedTo = (me: Session | null, s: { permissions: string[] }) => s.permissions.some((p) => can(me, p));

function OrganisationsAdmin() {
  const t = useT(m);
  return (
    <>
      <p>{t('organisationsText')}</p>
      <p>
        <Link to="/organisations">{t('organisationsLink')}</Link>
      </p>
    </>
  );
}

function SectionBody(props: { section: SectionKey; rest: string[] }) {
  switch (props.section) {
    case 'users':
      return <UsersAdmin />;
    case 'teams':
      return <TeamsAdmin />;
    case 'organisations':
      return <OrganisationsAdmin />;
    case 'categories':
      return <CategoriesAdmin />;
    case 'custom-fields':
      return <CustomFieldsAdmin />;
    case 'priority-matrix':
      return <PriorityMatrixAdmin />;
    case 'calendars':
      return <CalendarsAdmin rest={props.rest} />;
    case 'sla-policies':
      return <SlaPoliciesAdmin rest={props.rest} />;
    case 'alerts':
      return <AlertsAdmin />;
    case 'monitoring':
      return <MonitoringAdmin />;
    case 'chat-widgets':
      return <ChatWidgetsAdmin />;
    case 'audit':
      return <AuditAdmin />;
  }
}

export function AdminPage(props: { path: string }) {
  const t = useT(m);
  const { me } = useSession();
  const allowed = SECTIONS.filter((s) => allowedTo(me, s));
  const [requested, ...rest] = props.path.replace(/\/+$/, '').split('/').slice(2);
  // The default policy's editor used to live here, with its calendar inline; it is policy 1 now.
  if (requested === 'sla-policy') return <Redirect to="/admin/sla-policies/1" />;
  // '/admin' shows the first section the viewer may manage.
  const section = requested ? SECTIONS.find((s) => s.key === requested) : allowed[0];
  const permitted = !!section && allowedTo(me, section);
  return (
    <section className="admin">
      {allowed.length > 0 && (
        <nav aria-label={t('nav')} className="subnav">
          {allowed.map((s) => (
            <Link key={s.key} to={`/admin/${s.key}`} aria-current={s.key === section?.key ? 'page' : undefined}>
              {t(s.title)}
            </Link>
          ))}
        </nav>
      )}
      <h1>{section ? t(section.title) : t('title')}</h1>
      {!section ? (
        <Notice kind="warning">{requested ? t('unknownSection') : t('nothingToManage')}</Notice>
      ) : !permitted ? (
        <Notice kind="warning">{t('noPermission')}</Notice>
      ) : (
        <SectionBody key={section.key} section={section.key} rest={rest} />
      )}
    </section>
  );
}
