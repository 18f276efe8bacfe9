// farol's API explains errors in English (the API is also used by scripts). The app shows them
// in the reader's language: field messages and the common explanations are translated here,
// exactly or by pattern. A test (server-text.test.ts) reads the server's sources and fails when a
// field message has no Portuguese translation. An explanation with no translation falls back to
// a plain sentence chosen by the kind of error (see genericProblem), never to silence.
import type { Locale } from '../model/types';

const STATUS_PT: Record<string, string> = {
  new: 'novo',
  open: 'aberto',
  pending_customer: 'aguardando cliente',
  pending_vendor: 'aguardando fornecedor',
  resolved: 'resolvido',
  closed: 'fechado',
  cancelled: 'cancelado',
};
const st = (s: string) => STATUS_PT[s] ?? s;

// A problem record's status and a GUT level, as the guardian's messages name them
// (docs/GUARDIAN.md); a custom rule's own level names stay as written.
const PROBLEM_STATUS_PT: Record<string, string> = {
  new: 'novo',
  analysing: 'em análise',
  action_plan: 'plano de ação',
  monitoring: 'em monitoramento',
  closed: 'encerrado',
  reopened: 'reaberto',
};
const pst = (s: string) => PROBLEM_STATUS_PT[s] ?? s;
const LEVEL_PT: Record<string, string> = { low: 'baixo', medium: 'médio', high: 'alto' };
const lvl = (s: string) => LEVEL_PT[s] ?? s;

const EXACT_PT: Record<string, string> = {
  // field messages
  'is required': 'é obrigatório',
  'is required for this ticket type': 'é obrigatório para este tipo de chamado',
  'is required when the priority is set by hand': 'é obrigatório ao definir a prioridade manualmente',
  'is required (a name or a number)': 'é obrigatório (um nome ou um número)',
  "is required (the file's name, e.g. ?filename=log.txt)": 'é obrigatório (o nome do arquivo)',
  'is not valid UTF-8 text': 'não é um texto UTF-8 válido',
  'is not an e-mail address': 'não é um endereço de e-mail',
  'is not right': 'não está correto',
  'is not a known field': 'não é um campo conhecido',
  'is not a custom field of this ticket type': 'não é um campo personalizado deste tipo de chamado',
  "is not a member of the ticket's team": 'não é membro da equipe do chamado',
  'is changed with POST /api/v1/users/{id}/password': 'é alterada pela redefinição de senha',
  'must not be empty': 'não pode ficar vazio',
  'name at least one address': 'informe pelo menos um endereço',
  'each OLA names a team and 1 to 525600 minutes': 'cada OLA indica uma equipe e de 1 a 525600 minutos',
  "must be a team's id": 'deve ser o id de uma equipe',
  'must be a whole number of minutes from 1 to 525600': 'deve ser um número inteiro de minutos de 1 a 525600',
  'repeats a team listed before': 'repete uma equipe já listada',
  'at most 50 addresses': 'no máximo 50 endereços',
  'must be an http:// or https:// address': 'deve ser um endereço http:// ou https://',
  'must be at least 16 characters: it signs every request': 'deve ter pelo menos 16 caracteres: ele assina cada requisição',
  "must be the bot's token": 'deve ser o token do bot',
  "must be the chat's id": 'deve ser o id do chat',
  'must be at most 512 characters of text': 'deve ter no máximo 512 caracteres',
  'is not a known time zone': 'não é um fuso horário conhecido',
  'must be from 1 to 4': 'deve ser de 1 a 4',
  'switch on warnings, breaches or both': 'ative alertas, violações ou ambos',
  'another alert channel already has this name': 'outro canal de alerta já tem este nome',
  'must not contain control characters': 'não pode conter caracteres de controle',
  'must be a single line without control characters': 'deve ser uma única linha sem caracteres de controle',
  'must be 1 to 100 characters of text': 'deve ter de 1 a 100 caracteres',
  'must be 1 to 200 characters': 'deve ter de 1 a 200 caracteres',
  'must be text of at most 2000 bytes': 'deve ser um texto de no máximo 2000 bytes',
  'must be a whole number': 'deve ser um número inteiro',
  'must be a whole number from 1 to 5': 'deve ser um número inteiro de 1 a 5',
  'must be a string': 'deve ser um texto',
  'must be a string or null': 'deve ser um texto ou vazio',
  'must be a string, number, boolean or null': 'deve ser um texto, número, sim/não ou vazio',
  'must be an array of ids': 'deve ser uma lista de identificadores',
  'must be an array of strings': 'deve ser uma lista de textos',
  'must be an id (a positive whole number) or null': 'deve ser um identificador (número inteiro positivo) ou vazio',
  'must be an object of field values': 'deve ser um objeto com valores de campos',
  'must be true or false': 'deve ser sim ou não',
  'must be en or pt-BR': 'deve ser en ou pt-BR',
  'must be N1, N2 or N3': 'deve ser N1, N2 ou N3',
  'must be P1, P2, P3 or P4': 'deve ser P1, P2, P3 ou P4',
  'must be a priority from P1 to P4': 'deve ser uma prioridade de P1 a P4',
  'must be an IANA time zone such as America/Sao_Paulo': 'deve ser um fuso horário IANA, como America/Sao_Paulo',
  // SLA scenarios and calendars
  'must be after from': 'deve ser posterior a from',
  'is required (a date like 2026-03-01, or a date-time)': 'é obrigatório (uma data como 2026-03-01, ou data e hora)',
  'must be a date like 2026-03-01, or a date-time': 'deve ser uma data como 2026-03-01, ou data e hora',
  'must be ticket numbers separated by commas': 'devem ser números de chamado separados por vírgulas',
  'must list 1 to 100 ticket numbers': 'deve listar de 1 a 100 números de chamado',
  'is not a date (2026-11-20) or a yearly date (12-25)': 'não é uma data (2026-11-20) nem uma data anual (12-25)',
  'priorities are P1 to P4': 'as prioridades vão de P1 a P4',
  'targets are whole minutes from 0 to 10000000': 'as metas são minutos inteiros de 0 a 10000000',
  'must be whole percentages from 1 to 99, ascending, each once':
    'devem ser porcentagens inteiras de 1 a 99, em ordem crescente, sem repetição',
  'repeats a ticket type and priority listed before': 'repete um tipo de chamado e prioridade já listados',
  'must be a whole percentage from 1 to 99': 'deve ser uma porcentagem inteira de 1 a 99',
  "must begin with the ticket's creation": 'deve começar com a criação do chamado',
  'a ticket is created only once': 'um chamado é criado uma única vez',
  'is earlier than the event before it; list events in time order':
    'é anterior ao evento que o precede; liste os eventos em ordem cronológica',
  'is earlier than the last event': 'é anterior ao último evento',
  'must not be negative': 'não pode ser negativo',
  'must be an object': 'deve ser um objeto',
  'must be an array': 'deve ser uma lista',
  'must be a whole number of minutes from 0 to 10000000': 'deve ser um número inteiro de minutos de 0 a 10000000',
  'must be a date-time like 2026-11-19T20:30:00Z': 'deve ser uma data e hora como 2026-11-19T20:30:00Z',
  'must lie between 1970 and 2399': 'deve estar entre 1970 e 2399',
  'dates must lie between 1970 and 2399': 'as datas devem estar entre 1970 e 2399',
  'is required (an IANA time zone, e.g. America/Sao_Paulo)': 'é obrigatório (um fuso horário IANA, como America/Sao_Paulo)',
  'is not a known IANA time zone (e.g. America/Sao_Paulo)': 'não é um fuso horário IANA conhecido (como America/Sao_Paulo)',
  'is not a day of the week (mon, tue, wed, thu, fri, sat, sun)': 'não é um dia da semana (mon, tue, wed, thu, fri, sat, sun)',
  'holds at most 48 windows': 'aceita no máximo 48 janelas',
  'holds at most 5000 dates': 'aceita no máximo 5000 datas',
  'holds at most 10000 events': 'aceita no máximo 10000 eventos',
  'holds at most 1000 alerts': 'aceita no máximo 1000 alertas',
  'must be an array of alerts': 'deve ser uma lista de alertas',
  'is not a member of an alert': 'não é um campo de um alerta',
  'is not a member of the generic format (only alerts)': 'não é um campo do formato genérico (só alerts)',
  'must be firing or resolved': 'deve ser firing ou resolved',
  'must be an object of strings': 'deve ser um objeto de textos',
  'give a title or labels': 'informe um título ou rótulos',
  'give a name of 1 to 100 characters': 'informe um nome de 1 a 100 caracteres',
  'choose one of nps, csat, ces, stars, likert': 'escolha nps, csat, ces, stars ou likert',
  'a Likert item has 5 or 7 points': 'um item Likert tem 5 ou 7 pontos',
  'the scale cannot change once the survey is made (its answers are on it); make a new survey':
    'a escala não muda depois que a pesquisa é criada (as respostas estão nela); crie uma nova pesquisa',
  'write the statement in 1 to 500 characters': 'escreva a afirmação com 1 a 500 caracteres',
  'at most 2000 characters of text': 'no máximo 2000 caracteres de texto',
  'at most 4000 characters of text': 'no máximo 4000 caracteres de texto',
  'give the outcome, a note, or both': 'informe o resultado, uma nota, ou os dois',
  'cannot go back to open once contacted': 'não pode voltar a aberto depois do contato',
  'at most 200 routes': 'no máximo 200 rotas',
  // surveys' follow-up questions, and their answers on the respondent's page
  'must be text or choice': 'deve ser text (texto livre) ou choice (escolha)',
  'must be always, negative, neutral or positive':
    'deve ser always (sempre), negative (negativa), neutral (neutra) ou positive (positiva)',
  'must have 2 to 10 options': 'deve ter de 2 a 10 opções',
  'must have as many options as options_en': 'deve ter tantas opções quanto em inglês',
  'at most 5 questions': 'no máximo 5 perguntas',
  'is not a question of this survey': 'não é uma pergunta desta pesquisa',
  'is not asked after this score': 'não é feita após esta nota',
  'is not an option of this question': 'não é uma opção desta pergunta',
  'answered twice': 'respondida duas vezes',
  'a text question has no options': 'uma pergunta de texto não tem opções',
  'appears twice': 'aparece duas vezes',
  'must be a list of questions': 'deve ser uma lista de perguntas',
  'must be a list of answers': 'deve ser uma lista de respostas',
  'This survey was already answered; thank you.': 'Esta pesquisa já foi respondida; obrigado.',
  'must be smb, mid_market or enterprise': 'deve ser smb, mid_market ou enterprise',
  'at most 1000 organisations': 'no máximo 1000 organizações',
  'the send window must end after it starts, within the day': 'a janela de envio deve terminar depois de começar, dentro do dia',
  'is required: when the first round starts': 'é obrigatório: quando começa a primeira rodada',
  'no such survey': 'pesquisa inexistente',
  "a campaign's survey cannot change; make a new campaign": 'a pesquisa de uma campanha não muda; crie uma nova campanha',
  'tick at least one kind of answer, or the overdue follow-ups': 'marque ao menos um tipo de resposta, ou os acompanhamentos atrasados',
  'is not an alert channel': 'não é um canal de alerta',
  'is not a team': 'não é uma equipe',
  'must be one of resolved, closed, never': 'deve ser resolved (resolvido), closed (fechado) ou never (nunca)',
  'is required: the version you last saw': 'é obrigatório: a versão que você viu por último',
  'must be json or csv': 'deve ser json ou csv',
  'choose the organisation its incidents are for': 'escolha a organização a que seus incidentes pertencem',
  'choose the organisation its chats are for': 'escolha a organização a que seus chats pertencem',
  'give your name (1 to 200 characters)': 'informe seu nome (de 1 a 200 caracteres)',
  'give an e-mail address like ana@example.com': 'informe um endereço de e-mail como ana@exemplo.com.br',
  'write a message': 'escreva uma mensagem',
  'this address belongs to another company: use the chat on its site or its portal': 'este endereço pertence a outra empresa: use o chat do site dela ou o portal',
  'this address cannot start chats; please write to us by e-mail': 'este endereço não pode iniciar chats; escreva para nós por e-mail',
  'must be waiting, active, missed or ended': 'deve ser waiting, active, missed ou ended',
  'must be available, away or offline': 'deve ser available, away ou offline',
  'must be a window like ["08:00", "12:00"]': 'deve ser uma janela como ["08:00", "12:00"]',
  'times must be HH:MM from 00:00 to 24:00': 'os horários devem ser HH:MM de 00:00 a 24:00',
  'each window must end after it starts, within the day (00:00 to 24:00); a night shift is two windows, one ending at 24:00 and one starting at 00:00':
    'cada janela deve terminar depois de começar, dentro do dia (00:00 a 24:00); um turno noturno são duas janelas, uma até 24:00 e outra a partir de 00:00',
  'is required unless always_open is true': 'é obrigatório, a menos que always_open seja true',
  'must be a date (2026-11-20) or a yearly date (12-25)': 'deve ser uma data (2026-11-20) ou uma data anual (12-25)',
  'may have at most two decimals': 'pode ter no máximo duas casas decimais',
  'must be a number above 0 and at most 100': 'deve ser um número maior que 0 e no máximo 100',
  'must be between 0 and 100': 'deve estar entre 0 e 100',
  'only created and status events carry a status': 'somente eventos created e status têm status',
  'only retarget events carry targets': 'somente eventos retarget têm metas',
  'is required for a status event': 'é obrigatório em um evento status',
  'is required for a retarget event': 'é obrigatório em um evento retarget',
  'must be one of: created, status, public_reply, phone_call, chat_message, internal_note, retarget':
    'deve ser um destes: created, status, public_reply, phone_call, chat_message, internal_note, retarget',
  'must be one of: public_reply, phone_call, chat_message (an internal note never counts)':
    'deve ser um destes: public_reply, phone_call, chat_message (uma nota interna nunca conta)',
  'resolved, closed and cancelled stop the clock; they cannot pause it':
    'resolvido, fechado e cancelado param o relógio; não podem pausá-lo',
  'must be a two-letter ISO country code such as BR': 'deve ser um código de país ISO de duas letras, como BR',
  'must be a date-time like 2026-11-22T10:00:00Z': 'deve ser uma data e hora como 2026-11-22T10:00:00Z',
  'must be in the future': 'deve estar no futuro',
  'must differ from the current password': 'deve ser diferente da senha atual',
  'must be a subcategory of the ticket\'s category': 'deve ser uma subcategoria da categoria do chamado',
  "must be a plain file name, without folders ('/', '\\', '..')": "deve ser um nome de arquivo simples, sem pastas ('/', '\\', '..')",
  'must be a ticket list query string of at most 2000 characters, e.g. status=open&team_id=3':
    'deve ser um filtro de lista de chamados de no máximo 2000 caracteres, por exemplo status=open&team_id=3',
  'must start with a-z and use only a-z, 0-9 and _ (at most 40)': 'deve começar com a-z e usar apenas a-z, 0-9 e _ (no máximo 40)',
  'may hold only digits, spaces and + - ( ) .': 'pode conter apenas dígitos, espaços e + - ( ) .',
  'no such active staff user': 'não existe usuário ativo da equipe com esse identificador',
  'no such contact': 'contato inexistente',
  'no such team': 'equipe inexistente',
  'no such top-level category': 'categoria principal inexistente',
  "no such site in the ticket's organisation": 'local inexistente na organização do chamado',
  "no such network area in the ticket's organisation": 'área de rede inexistente na organização do chamado',
  'the contact belongs to another organisation': 'o contato pertence a outra organização',
  'a new ticket starts as new or open': 'um chamado novo começa como novo ou aberto',
  'a select field needs 1 to 100 options': 'um campo de seleção precisa de 1 a 100 opções',
  'each option must be 1 to 100 characters of text': 'cada opção deve ter de 1 a 100 caracteres',
  'options must be unique': 'as opções devem ser únicas',
  'only select fields have options': 'apenas campos de seleção têm opções',
  'only portal users have a password': 'apenas usuários do portal têm senha',
  'cannot change; create a new field instead': 'não pode ser alterado; crie um novo campo',
  'give either a priority or priority_from_matrix, not both': 'informe a prioridade ou o cálculo pela matriz, não ambos',
  'is already in use': 'já está em uso',
  'is already in use for this ticket type': 'já está em uso para este tipo de chamado',
  'was already used': 'já foi usada',
  'Only a resolved ticket can be closed; resolve it first.': 'Só um chamado resolvido pode ser fechado; resolva-o antes.',
  'no such organisation': 'organização inexistente',
  'no such active organisation': 'organização inexistente ou desativada',
  'the sender is already a contact of another organisation': 'o remetente já é contato de outra organização',
  "send the message's bytes (message/rfc822)": 'envie os bytes da mensagem (message/rfc822)',
  'no such category': 'categoria inexistente',
  'no such ticket': 'chamado inexistente',
  'a category cannot be its own parent': 'uma categoria não pode ser mãe de si mesma',
  'categories have two levels: the parent must be top-level': 'as categorias têm dois níveis: a categoria mãe deve ser principal',
  'you can open tickets only for your own organisation': 'você só pode abrir chamados para a sua própria organização',
  'you can open tickets only in your own name': 'você só pode abrir chamados em seu próprio nome',
  'customers open tickets through the portal': 'clientes abrem chamados pelo portal',
  'was already used with a different request; use a new key for a new ticket': 'já foi usada com outra solicitação; use uma nova chave para um novo chamado',
  'the organisation is deactivated': 'a organização está desativada',
  'the file is empty': 'o arquivo está vazio',
  'must be text of at most 1000 bytes': 'deve ser um texto de no máximo 1000 bytes',
  'must be a number': 'deve ser um número',
  'must be a date like 2026-11-22': 'deve ser uma data como 2026-11-22',
  'has an unknown type': 'tem um tipo desconhecido',
  'must be the ETag of the version you loaded, e.g. "3"': 'deve ser a ETag da versão carregada, por exemplo "3"',
  'is not a cursor from this listing; start again without it': 'não é um cursor desta listagem; recomece sem ele',
  'at most 20 tags': 'no máximo 20 etiquetas',
  'at most 50 attachments': 'no máximo 50 anexos',
  'at most 50 domains': 'no máximo 50 domínios',
  // escalations (docs/ESCALATION.md)
  'is required: tell us why, in a few words': 'é obrigatório: conte o motivo em poucas palavras',
  'tell us why, in a few words': 'conte o motivo em poucas palavras',
  'at most 2000 bytes': 'no máximo 2000 bytes',
  'This acknowledgement link is not valid or has expired. Open the ticket in farol instead.':
    'Este link de confirmação não é válido ou expirou. Abra o chamado no farol.',
  'Customers cannot acknowledge escalations.': 'Clientes não podem confirmar o recebimento de escalonamentos.',
  'Customers cannot read the escalation log.': 'Clientes não podem ler o registro de escalonamentos.',
  'Only customers ask to escalate; staff escalate a ticket to the next tier directly.':
    'Só clientes pedem para escalar; a equipe escala o chamado diretamente para o próximo nível.',
  'The request to escalate is not valid': 'O pedido para escalar não é válido',
  // calendars, SLA policies, the escalation matrix, contracts (docs/CONTRACTS.md)
  "say why the open tickets' clocks change: it is kept with each of them":
    'diga por que os relógios dos chamados abertos mudam: isso fica registrado em cada um deles',
  "is required: the holiday file's lines (2026-11-20 or 12-25, then a name)":
    'é obrigatório: as linhas do arquivo de feriados (2026-11-20 ou 12-25, seguido de um nome)',
  "is required: why the open tickets' clocks change": 'é obrigatório: por que os relógios dos chamados abertos mudam',
  'is required: the calendar the policy counts business time on': 'é obrigatório: o calendário em que a política conta o horário útil',
  'no such calendar': 'calendário inexistente',
  'no such SLA policy': 'política de SLA inexistente',
  'must name a calendar': 'deve indicar um calendário',
  'name at least one kind of response': 'indique pelo menos um tipo de resposta',
  'is required: the version you last read': 'é obrigatório: a versão que você leu por último',
  'is required (an empty list for no escalation)': 'é obrigatório (uma lista vazia para não escalonar)',
  'is required: created, percent or unacknowledged': 'é obrigatório: created, percent ou unacknowledged',
  'must be one of P1, P2, P3, P4': 'deve ser P1, P2, P3 ou P4',
  'must be one of public_reply, phone_call, chat_message (an internal note never counts)':
    'deve ser um destes: public_reply, phone_call, chat_message (uma nota interna nunca conta)',
  'must be one of created, percent, unacknowledged': 'deve ser created (ao abrir), percent (fração da meta) ou unacknowledged (não reconhecido)',
  'must be first_response or resolution': 'deve ser primeira resposta (first_response) ou resolução (resolution)',
  'must be resolution or first_response': 'deve ser resolução (resolution) ou primeira resposta (first_response)',
  'must be a whole percentage from 1 to 100': 'deve ser uma porcentagem inteira de 1 a 100',
  'must be a whole percentage from 1 to 100 (100: the breach)': 'deve ser uma porcentagem inteira de 1 a 100 (100: a violação)',
  'must be whole minutes from 0 to 525600': 'deve ser um número inteiro de minutos de 0 a 525600',
  'must be whole minutes from 1 to 43200 (30 days)': 'deve ser um número inteiro de minutos de 1 a 43200 (30 dias)',
  'holds at most 9 levels': 'aceita no máximo 9 níveis',
  'at most 20': 'no máximo 20',
  'name at least one recipient or alert channel': 'indique pelo menos um destinatário ou canal de alerta',
  'a level with neither e-mail nor alert channels tells nobody': 'um nível sem e-mail nem canais de alerta não avisa ninguém',
  'the first level has no level before it to go unacknowledged': 'o primeiro nível não tem um nível anterior que possa ficar sem reconhecimento',
  'the level before it needs a deadline to go unacknowledged': 'o nível anterior precisa de um prazo para ficar sem reconhecimento',
  "must be an alert channel's id": 'deve ser o id de um canal de alerta',
  'each is assignee, team, team_manager, csm, manager_contacts, role:<role>, team:<id> or user:<id>':
    'cada um é assignee, team, team_manager, csm, manager_contacts, role:<papel>, team:<id> ou user:<id>',
  'must be a date like 2026-01-01': 'deve ser uma data como 2026-01-01',
  'must be a date like 2026-12-31': 'deve ser uma data como 2026-12-31',
  'must be a date like 2026-11-01': 'deve ser uma data como 2026-11-01',
  'is required: a date like 2026-01-01': 'é obrigatório: uma data como 2026-01-01',
  'must not be before starts_on': 'não pode ser anterior ao início',
  "must be from 0 to 10^18, in the currency's minor unit (cents)": 'deve ser de 0 a 10^18, na menor unidade da moeda (centavos)',
  'must be an ISO 4217 code such as BRL, USD or EUR': 'deve ser um código ISO 4217, como BRL, USD ou EUR',
  'is required: an ISO 4217 code such as BRL': 'é obrigatório: um código ISO 4217, como BRL',
  'is required: the SLA policy its tickets are measured by': 'é obrigatório: a política de SLA que mede os seus chamados',
  "must name a calendar, or be null for the policy's own": 'deve indicar um calendário, ou ficar vazio para usar o da política',
  'repeats a ticket type and clock listed before': 'repete um tipo de chamado e relógio já listados',
  'must be at most 10000 bytes of text': 'deve ter no máximo 10000 bytes de texto',
  'must be above 0 and at most 100, with up to two decimals': 'deve ser maior que 0 e no máximo 100, com até duas casas decimais',
  'must be a list of {type, clock, percent}': 'deve ser uma lista de {type, clock, percent}',
  'must be an object {type, clock, percent}': 'deve ser um objeto {type, clock, percent}',
  'must be one of calendar, sla_policy, contract': 'deve ser calendar, sla_policy ou contract',
  'is required (a date like 2026-04-01, or a date-time)': 'é obrigatório (uma data como 2026-04-01, ou data e hora)',
  'The calendar is not valid': 'O calendário não é válido',
  'The SLA policy is not valid': 'A política de SLA não é válida',
  'The contract is not valid': 'O contrato não é válido',
  'The re-apply is not valid': 'A reaplicação não é válida',
  'The holiday file has lines that are not dates': 'O arquivo de feriados tem linhas que não são datas',
  // explanations
  'The e-mail address or password is not right.': 'O e-mail ou a senha não estão corretos.',
  'Please give an e-mail address and a password': 'Informe um e-mail e uma senha',
  'This account is deactivated.': 'Esta conta está desativada.',
  'Your session has ended; please sign in again.': 'Sua sessão terminou; entre novamente.',
  // customers' sign-in links by e-mail
  'Sign-in links need an e-mail server; sign in with your password.':
    'Os links de acesso precisam de um servidor de e-mail; entre com a sua senha.',
  'This sign-in link is not valid any more. Ask for a new one.': 'Este link de acesso não é mais válido. Peça um novo.',
  'Please sign in (session cookie or Bearer API token).': 'Entre para continuar.',
  'A ticket can be rated once it is resolved.': 'Um chamado pode ser avaliado depois de resolvido.',
  'A ticket cannot be linked to itself.': 'Um chamado não pode ser vinculado a ele mesmo.',
  'A ticket cannot be merged into itself.': 'Um chamado não pode ser mesclado nele mesmo.',
  'A ticket cannot go back to new.': 'Um chamado não pode voltar a novo.',
  'Only a ticket that is still being worked can be escalated.': 'Só um chamado em andamento pode ser escalado.',
  'Only tickets of the same organisation can be merged.': 'Só chamados da mesma organização podem ser mesclados.',
  'Only the customer who asked can rate this ticket.': 'Só o cliente que abriu o chamado pode avaliá-lo.',
  'Only the customer who asked can rate a ticket.': 'Só o cliente que abriu o chamado pode avaliá-lo.',
  'Rate the ticket it was merged into.': 'Avalie o chamado no qual este foi mesclado.',
  'Customers cannot add internal notes.': 'Clientes não podem adicionar notas internas.',
  'Customers cannot add internal files.': 'Clientes não podem adicionar arquivos internos.',
  'Customers cannot set the status with a reply.': 'Clientes não podem mudar a situação ao responder.',
  'Customer accounts cannot do this.': 'Contas de cliente não podem fazer isso.',
  'The ticket is already at N3, the last tier.': 'O chamado já está no N3, o último nível.',
  'You cannot deactivate yourself or take away your own admin role.': 'Você não pode desativar a si mesmo nem retirar seu próprio papel de administrador.',
  'The new password cannot be used': 'A nova senha não pode ser usada',
  'The custom field definition is invalid': 'A definição do campo personalizado é inválida',
  'The request body is not valid UTF-8 text.': 'O conteúdo enviado não é um texto UTF-8 válido.',
  // the guardian's GUT rule (src/domain/guardian.cc; more by pattern below)
  "each grade's scale must go from 1 to between 2 and 10": 'a escala de cada nota deve ir de 1 até um número entre 2 e 10',
  'give at least one band of scores': 'informe pelo menos uma faixa de pontuação',
  'each band needs a level name of 1 to 40 characters': 'cada faixa precisa de um nome de nível de 1 a 40 caracteres',
  'the bands must start at ascending scores': 'as faixas devem começar em pontuações crescentes',
  // the guardian's problem records and settings (src/app/guardian_service.cc, src/http/routes_guardian.cc)
  'must be human, tool or process': 'deve ser human (humana), tool (ferramenta) ou process (processo)',
  'give a staff member or a contact as the reporter, not both': 'informe como quem relatou uma pessoa da equipe ou um contato, não os dois',
  'no such staff member': 'pessoa da equipe inexistente',
  'at most 500 organisations': 'no máximo 500 organizações',
  'at most 1000 tickets': 'no máximo 1000 chamados',
  'a record cannot be related to itself': 'um registro não pode ser vinculado a ele mesmo',
  'a record starts as new': 'um registro começa como novo',
  'must be new, analysing, action_plan, monitoring, closed or reopened':
    'deve ser new (novo), analysing (em análise), action_plan (plano de ação), monitoring (em monitoramento), closed (encerrado) ou reopened (reaberto)',
  'must be open, closed, all, new, analysing, action_plan, monitoring or reopened':
    'deve ser open, closed, all, new, analysing, action_plan, monitoring ou reopened',
  'must be rank or newest': 'deve ser rank (prioridade) ou newest (mais recentes)',
  'each category is 1 to 100 characters on one line': 'cada categoria tem de 1 a 100 caracteres em uma linha',
  'at most 100 categories': 'no máximo 100 categorias',
  "must be an object: a preset's name, or a custom rule": 'deve ser um objeto: o nome de uma regra pronta, ou uma regra personalizada',
  'must be seed, classic or custom': 'deve ser seed (inicial), classic (clássica) ou custom (personalizada)',
  'must be sum or product': 'deve ser sum (soma) ou product (produto)',
  'each is immediate, long_term or preventive': 'cada uma é immediate (imediata), long_term (de longo prazo) ou preventive (preventiva)',
  'a custom rule needs its bands': 'uma regra personalizada precisa das suas faixas',
  'This problem record was changed by someone else; reload it.': 'Outra pessoa alterou este registro de problema; recarregue-o.',
};

const PATTERNS_PT: Array<[RegExp, (...g: string[]) => string]> = [
  // the guardian: a refused move of a problem record names each missing field
  // ("required at level high before moving to action_plan"), and the GUT rule's limits
  [/^required at level (.+) before moving to (\w+)$/, (l, s) => `obrigatório no nível ${lvl(l)} antes de passar para ${pst(s)}`],
  [/^required before moving to (\w+)$/, (s) => `obrigatório antes de passar para ${pst(s)}`],
  [/^cannot move from (\w+) to (\w+)$/, (a, b) => `não pode passar de ${pst(a)} para ${pst(b)}`],
  [/^must be one of the configured error categories: (.*)$/s, (list) => `deve ser uma das categorias de erro configuradas: ${list}`],
  [/^no organisation (\d+)$/, (n) => `a organização ${n} não existe`],
  [/^no ticket (\d+)$/, (n) => `o chamado ${n} não existe`],
  [/^no problem record (\d+)$/, (n) => `o registro de problema ${n} não existe`],
  [/^problem (\d+) was not found$/, (n) => `O registro de problema ${n} não foi encontrado.`],
  [
    /^(\d+) record\(s\) are graded above (\d+); grade them on the new scale first$/,
    (n, max) => `${n} registro(s) têm notas acima de ${max}; dê a eles notas na nova escala antes`,
  ],
  [/^the first band must start at the lowest score, (\d+)$/, (n) => `a primeira faixa deve começar na menor pontuação, ${n}`],
  [/^a band starts past the highest score, (\d+)$/, (n) => `uma faixa começa depois da maior pontuação, ${n}`],
  [/^each grade is a whole number from 1 to (\d+)$/, (n) => `cada nota é um número inteiro de 1 a ${n}`],
  [/^must be at most (\d+) characters$/, (n) => `deve ter no máximo ${n} caracteres`],
  [/^must be at most (\d+) bytes$/, (n) => `deve ter no máximo ${n} bytes`],
  [/^must be at most (\d+)$/, (n) => `deve ser no máximo ${n}`],
  [/^at most (\d+)$/, (n) => `no máximo ${n}`],
  [/^at most (\d+) questions$/, (n) => `no máximo ${n} perguntas`],
  [/^must have (\d+) to (\d+) options$/, (a, b) => `deve ter de ${a} a ${b} opções`],
  [/^no such team (\d+)$/, (n) => `a equipe ${n} não existe`],
  [/^no organisation #(\d+)$/, (n) => `a organização #${n} não existe`],
  [/^no such staff user (\d+)$/, (n) => `o usuário ${n} da equipe não existe`],
  [/^attachment (\d+)(?: is not a (public )?file of this ticket)?$/, (n, pub) => `o anexo ${n} não é um arquivo ${pub ? 'público ' : ''}deste chamado`],
  [/^must be at least (\d+) characters$/, (n) => `deve ter pelo menos ${n} caracteres`],
  [/^must be between (\d+) and (\d+)$/, (a, b) => `deve estar entre ${a} e ${b}`],
  [/^must be a whole number from (\d+)(?: to (\d+))?$/, (a, b) => (b ? `deve ser um número inteiro de ${a} a ${b}` : `deve ser um número inteiro a partir de ${a}`)],
  [/^write it in 1 to (\d+) characters$/, (n) => `escreva com 1 a ${n} caracteres`],
  [/^at most (\d+) characters$/, (n) => `no máximo ${n} caracteres`],
  [/^unknown ticket type '(.*)'$/, (t) => `tipo de chamado desconhecido: '${t}'`],
  [/^unknown channel '(.*)'$/, (c) => `canal desconhecido: '${c}'`],
  [/^must be one of (.+)$/, (list) => `deve ser um destes: ${list}`],
  [/^windows overlap \((\d\d:\d\d) starts before (\d\d:\d\d) ends\)$/, (a, b) => `as janelas se sobrepõem (${a} começa antes de ${b} terminar)`],
  [/^'(.*)' is not a domain name like example\.com\.br$/, (d) => `'${d}' não é um nome de domínio como example.com.br`],
  [/^each tag must be 1 to 40 of (.*)$/, (rest) => `cada etiqueta deve ter de 1 a 40 caracteres entre ${rest}`],
  [/^The (.+) was changed by someone else since you loaded it.*$/, () => 'Outra pessoa alterou este registro depois que você o abriu; recarregue e tente novamente.'],
  [/^The team still has (\d+) tickets?.*$/, (n) => `A equipe ainda tem ${n} chamado(s); mova-os para outra equipe antes de excluí-la.`],
  [/^Ticket #(\d+) was not found\.$/, (n) => `O chamado #${n} não foi encontrado.`],
  [/^Ticket #(\d+) was changed by someone else since you loaded it.*$/, (n) => `O chamado #${n} foi alterado por outra pessoa depois que você o abriu.`],
  [/^Ticket #(\d+) was merged into #(\d+)(?:;.*)?$/, (a, b) => `O chamado #${a} foi mesclado no #${b}.`],
  [/^Ticket #(\d+) was already merged into #(\d+).*$/, (a, b) => `O chamado #${a} já foi mesclado no #${b}.`],
  // (before the general "Ticket #N is <status>")
  [/^Ticket #(\d+) is no longer open; reply to it if the problem is back\.$/, (n) => `O chamado #${n} não está mais aberto; responda a ele se o problema voltou.`],
  [/^Ticket #(\d+) is already at the highest escalation level.*$/, (n) => `O chamado #${n} já está no nível mais alto de escalonamento; as pessoas desse nível o acompanham.`],
  [/^Tickets like #(\d+) have no escalation levels.*$/, (n) => `Chamados como o #${n} não têm níveis de escalonamento; responda ao chamado para contar à equipe do que você precisa.`],
  [/^Escalation level (\d+) of ticket #(\d+) has not fired\.$/, (l, n) => `O nível ${l} de escalonamento do chamado #${n} não foi disparado.`],
  [/^Escalation level (\d+) of ticket #(\d+) has fired already\.$/, (l, n) => `O nível ${l} de escalonamento do chamado #${n} já foi disparado.`],
  [/^You asked to escalate this ticket at \S+; you can ask again after (\S+)\.$/, (at) => `Você já pediu para escalar este chamado; poderá pedir de novo depois de ${localTime(at)}.`],
  [/^Ticket #(\d+) is (\w+).*$/, (a, s) => `O chamado #${a} está ${st(s)}.`],
  [/^The ticket is already (\w+)\.$/, (s) => `O chamado já está ${st(s)}.`],
  [/^The ticket is (\w+); files cannot be added\.$/, (s) => `O chamado está ${st(s)}; não é possível adicionar arquivos.`],
  [/^The ticket is (\w+); log the call on a new ticket\.$/, (s) => `O chamado está ${st(s)}; registre a ligação em um novo chamado.`],
  [/^The ticket is (\w+) and can no longer change status.*$/, (s) => `O chamado está ${st(s)} e não pode mais mudar de situação; abra um novo chamado.`],
  [/^A (\w+) ticket cannot become (\w+).*$/, (a, b) => `Um chamado ${st(a)} não pode passar para ${st(b)}; reabra-o antes.`],
  [/^A contact with e-mail (.+) already exists\.?$/, (e) => `Já existe um contato com o e-mail ${e}.`],
  [/^A (.+) named '(.*)' already exists.*$/, (_w, n) => `Já existe um registro chamado '${n}'.`],
  [/^You already have a saved queue named '(.*)'\.$/, (n) => `Você já tem uma fila salva chamada '${n}'.`],
  [/^The ticket is (\w+).*$/, (s) => `O chamado está ${st(s)}.`],
  [/^This ticket is (\w+).*$/, (s) => `Este chamado está ${st(s)}.`],
  [/^Too many failed sign-ins\. Try again in (\d+) minutes?\.?$/, (n) => `Muitas tentativas de entrada sem sucesso. Tente novamente em ${n} minuto(s).`],
  [/^Too many failed sign-ins.*$/, () => 'Muitas tentativas de entrada sem sucesso. Tente novamente mais tarde.'],
  [/^The file is larger than the limit of (.+)\.$/, (n) => `O arquivo é maior que o limite de ${n}.`],
  [/^Your role \((\w+)\) may not (.+)$/, () => 'Seu papel não permite fazer isso.'],
  [/^"(.*)" is not an e-mail address$/, (e) => `"${e}" não é um endereço de e-mail`],
  [/^Alert channel #(\d+) was not found\.$/, (n) => `O canal de alerta #${n} não foi encontrado.`],
  [/^No dead delivery #(\d+) was found\.$/, (n) => `Nenhuma entrega com falha definitiva #${n} foi encontrada.`],
  [/^Attachment (\d+) was not found\.?$/, (n) => `O anexo ${n} não foi encontrado.`],
  [/^A staff user with e-mail (.+) already exists\.?$/, (e) => `Já existe um usuário da equipe com o e-mail ${e}.`],
  [/^no such alert channel (\d+)$/, (n) => `canal de alerta inexistente: ${n}`],
  [/^is not default or a channel \((.*)\)$/, (list) => `não é default nem um canal (${list})`],
  [
    /^overlaps contract "(.*)" \((\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d|open-ended)\): an organisation has one contract at a time$/,
    (name, from, to) =>
      `coincide com o contrato "${name}" (${to === 'open-ended' ? `desde ${from}, sem prazo` : `${from} a ${to}`}): uma organização tem um contrato por vez`,
  ],
  [/^Calendar #(\d+) was not found\.$/, (n) => `O calendário #${n} não foi encontrado.`],
  [/^SLA policy #(\d+) was not found\.$/, (n) => `A política de SLA #${n} não foi encontrada.`],
  [/^Contract #(\d+) was not found\.$/, (n) => `O contrato #${n} não foi encontrado.`],
  // e-mail: why a message was ignored, waits for triage or was quarantined (the mail log's
  // reasons; a technical detail after the colon stays as the server wrote it), and refusals
  [/^Message (\d+) was not found\.$/, (n) => `A mensagem ${n} não foi encontrada.`],
  [/^The original of message (\d+) was not kept\.$/, (n) => `O original da mensagem ${n} não foi guardado.`],
  [/^Only a quarantined message can be retried; this one is (\w+)\.$/, (s) => `Só uma mensagem em quarentena pode ser lida de novo; esta está como ${mailState(s)}.`],
  [/^Only a message waiting for triage can be accepted; this one is (\w+)\.$/, (s) => `Só uma mensagem aguardando triagem pode ser aceita; esta está como ${mailState(s)}.`],
  [/^the message could not be read: (.*)$/s, (why) => `a mensagem não pôde ser lida: ${why}`],
  [/^the message could not become a ticket: (.*)$/s, (why) => `a mensagem não pôde virar um chamado: ${why}`],
  [/^a message farol sent itself, come back$/, () => 'uma mensagem que o próprio farol enviou, de volta'],
  [/^an automatic reply \(out of office or similar\): it opens no ticket and gets no answer$/, () => 'uma resposta automática (ausência ou parecida): não abre chamado nem recebe resposta'],
  [/^a delivery failure report \(bounce\): it opens no ticket and gets no answer$/, () => 'um aviso de falha de entrega (bounce): não abre chamado nem recebe resposta'],
  [/^bulk or mailing-list mail: it opens no ticket and gets no answer$/, () => 'envio em massa ou de lista de e-mails: não abre chamado nem recebe resposta'],
  [/^more than (\d+) messages from (.+) within an hour: taken for a mail loop$/, (n, who) => `mais de ${n} mensagens de ${who} em uma hora: tomado por um loop de e-mail`],
  [/^the sender is a deactivated contact$/, () => 'o remetente é um contato desativado'],
  [/^no organisation has the sender's e-mail domain \((.*)\)$/, (d) => `nenhuma organização tem o domínio de e-mail do remetente (${d})`],
];

const MAIL_STATE_PT: Record<string, string> = {
  ticket: 'novo chamado',
  reply: 'resposta',
  ignored: 'ignorada',
  triage: 'aguardando triagem',
  quarantined: 'em quarentena',
  queued: 'em envio',
  sent: 'enviada',
  failed: 'não enviada',
};
const mailState = (s: string) => MAIL_STATE_PT[s] ?? s;

// An instant named in a message, in the reader's browser (a screen that knows the reader's time
// zone formats it itself; this is the fallback).
function localTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
}

// The text in `locale`: itself in English; in Portuguese its translation, or undefined when there
// is none.
export function translateServerText(text: string, locale: Locale): string | undefined {
  if (locale === 'en') return text;
  const exact = EXACT_PT[text];
  if (exact) return exact;
  for (const [re, fn] of PATTERNS_PT) {
    const g = re.exec(text);
    if (g) return fn(...g.slice(1));
  }
  return undefined;
}

// A plain sentence for an error whose explanation has no translation, by HTTP status.
export function genericProblem(status: number, locale: Locale): string {
  const en = locale === 'en';
  if (status === 0) return en ? 'farol could not be reached. Check your connection and try again.' : 'Não foi possível falar com o farol. Verifique a conexão e tente novamente.';
  if (status === 400 || status === 422) return en ? 'Please correct the highlighted fields.' : 'Corrija os campos destacados.';
  if (status === 401) return en ? 'Please sign in again.' : 'Entre novamente.';
  if (status === 403) return en ? 'You do not have permission to do this.' : 'Você não tem permissão para fazer isso.';
  if (status === 404) return en ? 'Not found. It may not exist, or you may not have access to it.' : 'Não encontrado. Pode não existir, ou você pode não ter acesso.';
  if (status === 409) return en ? 'This conflicts with something that already exists.' : 'Isso conflita com algo que já existe.';
  if (status === 412) return en ? 'Someone else changed this in the meantime.' : 'Outra pessoa alterou isto nesse meio-tempo.';
  if (status === 413) return en ? 'The file is too large.' : 'O arquivo é grande demais.';
  if (status === 429) return en ? 'Too many attempts. Please wait a little and try again.' : 'Tentativas demais. Aguarde um pouco e tente novamente.';
  if (status >= 500) return en ? 'Something went wrong on the server. Please try again.' : 'Algo deu errado no servidor. Tente novamente.';
  return en ? `The request failed (HTTP ${status}).` : `A solicitação falhou (HTTP ${status}).`;
}

// The problem's explanation in `locale`.
export function problemText(status: number, message: string, locale: Locale): string {
  return (message && translateServerText(message, locale)) || genericProblem(status, locale);
}
