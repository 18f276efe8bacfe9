import { defineMessages } from '../app/i18n';

export default defineMessages({
  en: {
    attach: 'Attach files',
    chosen: 'Files to attach',
    remove: 'Remove',
    removeFile: 'Remove {name}',
  },
  'pt-BR': {
    attach: 'Anexar arquivos',
    chosen: 'Arquivos a anexar',
    remove: 'Remover',
    removeFile: 'Remover {name}',
  },
});
