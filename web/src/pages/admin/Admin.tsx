// Administration: staff users, teams, categories, custom fields, the priority matrix, the SLA
// policy and SLA alert channels (organisations are managed on their own pages). Each section shows only to those with its permission; an address for a
// section the viewer may not manage says so in plain words.
import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { Notice } from '../../ui/feedback';
import m from './admin.i18n';
import { AlertsAdmin } from './Alerts';
import { CategoriesAdmin } from './Categories';
import { CustomFieldsAdmin } from './CustomFields';
import { PriorityMatrixAdmin } from './PriorityMatrix';
import { SlaPolicyAdmin } from './SlaPolicy';
import { TeamsAdmin } from './Teams';
import { UsersAdmin } from './Users';

type SectionKey = 'users' | 'teams' | 'organisations' | 'categories' | 'custom-fields' | 'priority-matrix' | 'sla-policy' | 'alerts';

const SECTIONS: Array<{ key: SectionKey; permission: string; title: 'users' | 'teams' | 'organisations' | 'categories' | 'customFields' | 'priorityMatrix' | 'slaPolicy' | 'alerts' }> = [
  { key: 'users', permission: 'user.write', title: 'users' },
  { key: 'teams', permission: 'team.write', title: 'teams' },
  { key: 'organisations', permission: 'organisation.write', title: 'organisations' },
  { key: 'categories', permission: 'catalog.write', title: 'categories' },
  { key: 'custom-fields', permission: 'catalog.write', title: 'customFields' },
  { key: 'priority-matrix', permission: 'catalog.write', title: 'priorityMatrix' },
  { key: 'sla-policy', permission: 'catalog.write', title: 'slaPolicy' },
  { key: 'alerts', permission: 'catalog.write', title: 'alerts' },
];

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

function SectionBody(props: { section: SectionKey }) {
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
    case 'sla-policy':
      return <SlaPolicyAdmin />;
    case 'alerts':
      return <AlertsAdmin />;
  }
}

export function AdminPage(props: { path: string }) {
  const t = useT(m);
  const { me } = useSession();
  const allowed = SECTIONS.filter((s) => can(me, s.permission));
  const requested = props.path.replace(/\/+$/, '').split('/')[2];
  // '/admin' shows the first section the viewer may manage.
  const section = requested ? SECTIONS.find((s) => s.key === requested) : allowed[0];
  const permitted = !!section && can(me, section.permission);
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
        <SectionBody key={section.key} section={section.key} />
      )}
    </section>
  );
}
