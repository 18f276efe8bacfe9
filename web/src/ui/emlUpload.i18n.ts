// Strings of the .eml upload form (EmlUpload.tsx), shared by the mail log and the guardian's board.
import { defineMessages } from '../app/i18n';

export default defineMessages({
  en: {
    file: 'Message file (.eml)',
    choose: 'Choose a file first.',
  },
  'pt-BR': {
    file: 'Arquivo da mensagem (.eml)',
    choose: 'Escolha um arquivo antes.',
  },
});
