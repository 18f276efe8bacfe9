// Strings of the page behind the signed acknowledgement link in an escalation e-mail (/ack/<token>).
import { defineMessages } from '../../app/i18n';

export default defineMessages({
  en: {
    title: 'Acknowledge an escalation',
    loadingTitle: 'Escalation',
    invalidTitle: 'This link is not valid or has expired',
    invalidText: 'Open the ticket in farol instead: sign in and acknowledge the escalation on the ticket page.',
    openFarol: 'Open farol',
    ticket: 'Ticket',
    level: 'Level',
    sentTo: 'Sent to',
    state: 'State',
    explain: 'Acknowledge to let everyone know you have taken this escalation on. Nothing is recorded until you press the button.',
    done: 'Thank you, {name}: level {level} of ticket #{ticket} is acknowledged. The ticket’s history says so.',
    doneLate: 'The deadline had already passed; the escalation log records that it was acknowledged late.',
    already: 'This level was already acknowledged by {name}, {when}, {via}. Nothing more to do.',
    openTicket: 'Open ticket #{ticket} in farol',
  },
  'pt-BR': {
    title: 'Confirmar recebimento de um escalonamento',
    loadingTitle: 'Escalonamento',
    invalidTitle: 'Este link não é válido ou expirou',
    invalidText: 'Abra o chamado no farol: entre e confirme o recebimento do escalonamento na página do chamado.',
    openFarol: 'Abrir o farol',
    ticket: 'Chamado',
    level: 'Nível',
    sentTo: 'Enviado para',
    state: 'Situação',
    explain: 'Confirme o recebimento para que todos saibam que você assumiu este escalonamento. Nada é registrado até você apertar o botão.',
    done: 'Obrigado, {name}: o recebimento do nível {level} do chamado #{ticket} está confirmado. O histórico do chamado registra isso.',
    doneLate: 'O prazo já tinha passado; o registro de escalonamentos indica que o recebimento foi confirmado com atraso.',
    already: 'O recebimento deste nível já foi confirmado por {name}, {when}, {via}. Não há mais nada a fazer.',
    openTicket: 'Abrir o chamado #{ticket} no farol',
  },
});
