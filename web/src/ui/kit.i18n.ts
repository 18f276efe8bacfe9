// Strings shared by the administration screens and the organisation pages.
import { defineMessages } from '../app/i18n';

export default defineMessages({
  en: {
    conflict:
      'Someone else changed this while you were editing, so your changes were not saved. What you typed is still in the form, so you can copy it. Reloading replaces it with the latest version; then make your changes again.',
    conflictNoForm: 'Someone else changed this in the meantime, so your change was not made. Reload to get the latest version, then try again.',
    reloadLatest: 'Reload the latest version',
    showing: 'Showing {count}.',
    loadingMore: 'Loading more…',
    dismiss: 'Dismiss',
    search: 'Search',
    actions: 'Actions',
  },
  'pt-BR': {
    conflict:
      'Outra pessoa alterou isto enquanto você editava, então suas alterações não foram salvas. O que você digitou continua no formulário, para que você possa copiá-lo. Recarregar o substitui pela versão mais recente; depois faça suas alterações novamente.',
    conflictNoForm: 'Outra pessoa alterou isto nesse meio-tempo, então sua alteração não foi feita. Recarregue para obter a versão mais recente e tente novamente.',
    reloadLatest: 'Recarregar a versão mais recente',
    showing: 'Mostrando {count}.',
    loadingMore: 'Carregando mais…',
    dismiss: 'Dispensar',
    search: 'Pesquisar',
    actions: 'Ações',
  },
});
