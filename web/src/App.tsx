// The route table: who sees what. Staff get the agent workspace (and administration, by role);
// customer contacts get the portal; anyone else gets the sign-in page.
import { useEffect } from 'react';
import { Loading } from './ui/feedback';
import { matchPath, navigate, useLocation } from './app/router';
import { SessionProvider, useSession } from './app/session';
import { NotFoundPage, PortalLayout, StaffLayout } from './Layout';
import { SignInPage } from './pages/SignIn';
import { SignInLinkPage } from './pages/SignInLink';
import { LINK_PATH } from './app/magic-link';
import { ProfilePage } from './pages/Profile';
import { QueuePage, SearchPage } from './pages/agent/Queue';
import { TicketPage } from './pages/agent/TicketView';
import { NewTicketPage } from './pages/agent/NewTicket';
import { ContactPage, OrganisationPage, OrganisationsPage } from './pages/agent/Organisations';
import { AdminPage } from './pages/admin/Admin';
import { PortalNewTicketPage, PortalTicketPage, PortalTicketsPage } from './pages/portal/Portal';
import { SlaReportPage } from './pages/reports/SlaReport';
import { ContractsPage } from './pages/contracts/Contracts';
import { EscalationLogPage } from './pages/escalations/EscalationLog';
import { AckPage } from './pages/ack/AckPage';
import { SurveyPage } from './pages/survey/SurveyPage';
import { MailLogPage } from './pages/mail/MailLog';
import { SurveyDesignPage, SurveysPage } from './pages/surveys/Surveys';
import { SurveyResultsPage } from './pages/surveys/SurveyResults';
import { FollowUpPage, FollowUpsPage } from './pages/surveys/FollowUps';
import { SurveyAlertsPage } from './pages/surveys/SurveyAlerts';
import { AgentChatsPage } from './pages/chat/AgentChats';
import { PortalChatPage, PortalChatStartPage } from './pages/chat/PortalChat';
import { WidgetPage } from './pages/chat/WidgetPage';
import { GuardianPage } from './pages/guardian/Guardian';
import { ProblemPage } from './pages/guardian/Problem';
import { GuardianSettingsPage } from './pages/guardian/GuardianSettings';
import { ActionsPage } from './pages/guardian/Actions';
import { GuardianReportPage } from './pages/guardian/GuardianReport';

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

function StaffRoutes() {
  const { path } = useLocation();
  let p: Record<string, string> | null;
  if (path === '/' || path === '/queues') return <Redirect to="/queues/mine" />;
  if ((p = matchPath('/queues/:queue', path))) return <QueuePage queue={p.queue} />;
  if (path === '/tickets/new') return <NewTicketPage />;
  if ((p = matchPath('/tickets/:id', path)) && /^\d+$/.test(p.id)) return <TicketPage key={p.id} id={Number(p.id)} />;
  if (path === '/search') return <SearchPage />;
  if (path === '/organisations') return <OrganisationsPage />;
  if ((p = matchPath('/organisations/:id', path)) && /^\d+$/.test(p.id)) return <OrganisationPage key={p.id} id={Number(p.id)} />;
  if ((p = matchPath('/contacts/:id', path)) && /^\d+$/.test(p.id)) return <ContactPage key={p.id} id={Number(p.id)} />;
  if (path === '/admin' || path.startsWith('/admin/')) return <AdminPage path={path} />;
  if (path === '/reports/sla') return <SlaReportPage />;
  if (path === '/contracts') return <ContractsPage />;
  if (path === '/escalations') return <EscalationLogPage />;
  if (path === '/mail') return <MailLogPage />;
  if (path === '/surveys') return <SurveysPage />;
  if (path === '/surveys/new') return <SurveyDesignPage />;
  if (path === '/surveys/alerts') return <SurveyAlertsPage />;
  if ((p = matchPath('/surveys/:id', path)) && /^\d+$/.test(p.id)) return <SurveyResultsPage key={p.id} id={Number(p.id)} />;
  if ((p = matchPath('/surveys/:id/design', path)) && /^\d+$/.test(p.id)) return <SurveyDesignPage key={p.id} id={Number(p.id)} />;
  if (path === '/followups') return <FollowUpsPage />;
  if ((p = matchPath('/followups/:id', path)) && /^\d+$/.test(p.id)) return <FollowUpPage key={p.id} id={Number(p.id)} />;
  if (path === '/guardian') return <GuardianPage />;
  if (path === '/guardian/settings') return <GuardianSettingsPage />;
  if (path === '/guardian/actions') return <ActionsPage />;
  if (path === '/guardian/reports') return <GuardianReportPage />;
  if (path === '/guardian/problems/new') return <ProblemPage />;
  if ((p = matchPath('/guardian/problems/:id', path)) && /^\d+$/.test(p.id)) return <ProblemPage key={p.id} id={Number(p.id)} />;
  if (path === '/chats') return <AgentChatsPage />;
  if ((p = matchPath('/chats/:id', path)) && /^\d+$/.test(p.id)) return <AgentChatsPage id={Number(p.id)} />;
  if (path === '/profile') return <ProfilePage />;
  if (path.startsWith('/portal')) return <Redirect to="/queues/mine" />;
  return <NotFoundPage />;
}

function PortalRoutes() {
  const { path } = useLocation();
  let p: Record<string, string> | null;
  if (path === '/' || path === '/portal' || path.startsWith('/queues')) {
    return path === '/portal' ? <PortalTicketsPage /> : <Redirect to="/portal" />;
  }
  if (path === '/portal/new') return <PortalNewTicketPage />;
  if (path === '/portal/chat') return <PortalChatStartPage />;
  if ((p = matchPath('/portal/chat/:id', path)) && /^\d+$/.test(p.id)) return <PortalChatPage key={p.id} id={Number(p.id)} />;
  if ((p = matchPath('/portal/tickets/:id', path)) && /^\d+$/.test(p.id)) return <PortalTicketPage key={p.id} id={Number(p.id)} />;
  if ((p = matchPath('/tickets/:id', path)) && /^\d+$/.test(p.id)) return <Redirect to={`/portal/tickets/${p.id}`} />;
  if (path === '/profile') return <ProfilePage />;
  return <NotFoundPage />;
}

function Routes() {
  const { me, loading } = useSession();
  const { path } = useLocation();
  // The signed link in an escalation e-mail works without signing in (and the same for anyone).
  const ack = matchPath('/ack/:token', path);
  if (ack) return <AckPage key={ack.token} token={ack.token} />;
  // A survey e-mail's links: answered with no sign-in, by anyone holding the link.
  const survey = matchPath('/survey/:token', path);
  if (survey) return <SurveyPage key={survey.token} token={survey.token} />;
  // A customer's e-mailed sign-in link: signs in (or says why not) whoever was signed in before.
  if (path === LINK_PATH) return <SignInLinkPage />;
  // The chat widget framed on a customer's web site: a visitor, signed in or not.
  if (path === '/widget') return <WidgetPage />;
  if (loading) return <Loading />;
  if (!me) return <SignInPage />;
  if (me.must_change_password) {
    const Layout = me.kind === 'contact' ? PortalLayout : StaffLayout;
    return (
      <Layout>
        <ProfilePage forced />
      </Layout>
    );
  }
  if (me.kind === 'contact') {
    return (
      <PortalLayout>
        <PortalRoutes />
      </PortalLayout>
    );
  }
  return (
    <StaffLayout>
      <StaffRoutes />
    </StaffLayout>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
