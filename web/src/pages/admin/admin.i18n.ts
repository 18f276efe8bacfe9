// Strings of the administration frame: its navigation and permission messages.
import { defineMessages } from '../../app/i18n';

export default defineMessages({
  en: {
    title: 'Administration',
    nav: 'Administration sections',
    users: 'Staff users',
    teams: 'Teams',
    organisations: 'Organisations',
    categories: 'Categories',
    customFields: 'Custom fields',
    priorityMatrix: 'Priority matrix',
    slaPolicy: 'SLA policy',
    alerts: 'SLA alerts',
    noPermission: 'You don’t have permission to manage this. Ask an administrator if you need it.',
    nothingToManage: 'You don’t have permission to manage anything here. Ask an administrator if you need it.',
    unknownSection: 'There is no administration section at this address.',
    organisationsText: 'Organisations, their sites, network areas and contacts are managed on the organisation pages.',
    organisationsLink: 'Go to the organisations',
  },
  'pt-BR': {
    title: 'Administração',
    nav: 'Seções da administração',
    users: 'Usuários da equipe',
    teams: 'Equipes',
    organisations: 'Organizações',
    categories: 'Categorias',
    customFields: 'Campos personalizados',
    priorityMatrix: 'Matriz de prioridade',
    slaPolicy: 'Política de SLA',
    alerts: 'Alertas de SLA',
    noPermission: 'Você não tem permissão para gerenciar isto. Peça a um administrador, se precisar.',
    nothingToManage: 'Você não tem permissão para gerenciar nada aqui. Peça a um administrador, se precisar.',
    unknownSection: 'Não há seção da administração neste endereço.',
    organisationsText: 'Organizações, seus locais, áreas de rede e contatos são gerenciados nas páginas de organizações.',
    organisationsLink: 'Ir para as organizações',
  },
});
