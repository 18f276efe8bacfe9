import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { genericProblem, problemText, translateServerText } from './server-text';

// The field messages the server can send: every string literal given as the message of a field
// error in its sources (errors.Add / WithField / FieldInvalidError("field", "message")). A message
// built as "literal " + number is checked with a number appended.
function serverFieldMessages(): string[] {
  const root = join(__dirname, '../../../src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.cc')) files.push(p);
    }
  };
  walk(root);
  const out = new Set<string>();
  // The field may be a literal, a name, or one call (At(path, i), Join(path, "key")).
  const re = /(?:errors\.Add|\.Add|WithField|FieldInvalidError)\(\s*(?:"[^"]*"|[\w.:]+(?:\([^()]*\))?)\s*,\s*"((?:[^"\\]|\\.)*)"\s*(\)|\+ std::to_string)/g;
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(re)) {
      const text = m[1].replace(/\\(.)/g, '$1');
      out.add(m[2] === ')' ? text : text + '7');
    }
  }
  return [...out];
}

// The guardian's sources (src/**/guardian*.cc, tests aside) say more than errors.Add: the GUT rule
// explains itself with InvalidArgumentError("…") (passed on as the field "gut"'s message) and the
// routes name bad fields with .Error("field", "…"). "… " + std::to_string(n) is checked
// with a number appended.
function guardianSources(): Array<{ name: string; text: string }> {
  const root = join(__dirname, '../../../src');
  const out: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/guardian[^/]*\.cc$/.test(name) && !name.endsWith('_test.cc')) out.push({ name: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

function guardianMessages(): string[] {
  const out = new Set<string>();
  const res = [
    /InvalidArgumentError\(\s*"((?:[^"\\]|\\.)*)"\s*(\)|\+ std::to_string)/g,
    /(?:\.|->)Error\(\s*(?:"[^"]*"|[\w.]+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*(\)|\+ std::to_string)/g,
  ];
  for (const f of guardianSources()) {
    for (const re of res) {
      for (const m of f.text.matchAll(re)) {
        const text = m[1].replace(/\\(.)/g, '$1');
        out.add(m[2] === ')' ? text : text + '7');
      }
    }
  }
  return [...out];
}

describe('server messages in Portuguese', () => {
  const messages = serverFieldMessages();
  it('finds the server field messages', () => {
    expect(messages.length).toBeGreaterThan(40);
    expect(messages).toContain('must not be empty');
  });
  it('has a translation for every field message', () => {
    const missing = messages.filter((m) => translateServerText(m, 'pt-BR') === undefined);
    expect(missing).toEqual([]);
  });
  it('translates by pattern, keeping the numbers and names', () => {
    expect(translateServerText('must be at most 255 bytes', 'pt-BR')).toBe('deve ter no máximo 255 bytes');
    expect(translateServerText('Ticket #1042 was not found.', 'pt-BR')).toBe('O chamado #1042 não foi encontrado.');
    expect(translateServerText('A resolved ticket cannot become pending_customer; reopen it first.', 'pt-BR')).toBe(
      'Um chamado resolvido não pode passar para aguardando cliente; reabra-o antes.',
    );
  });
  it('explains the escalation answers, not mistaking them for a ticket status', () => {
    expect(translateServerText('Ticket #1001 is already at the highest escalation level; the people at that level follow it.', 'pt-BR')).toBe(
      'O chamado #1001 já está no nível mais alto de escalonamento; as pessoas desse nível o acompanham.',
    );
    expect(translateServerText('Ticket #1001 is no longer open; reply to it if the problem is back.', 'pt-BR')).toMatch(/não está mais aberto/);
    expect(translateServerText('Tickets like #1001 have no escalation levels; reply to the ticket to tell the team what you need.', 'pt-BR')).toMatch(
      /não têm níveis de escalonamento/,
    );
    expect(translateServerText('Escalation level 4 of ticket #1001 has not fired.', 'pt-BR')).toBe('O nível 4 de escalonamento do chamado #1001 não foi disparado.');
    expect(
      translateServerText('You asked to escalate this ticket at 2026-12-04T15:32:18Z; you can ask again after 2026-12-04T19:32:18Z.', 'pt-BR'),
    ).toMatch(/^Você já pediu para escalar este chamado; poderá pedir de novo depois de \d/);
  });
  it("translates the answers about customers' sign-in links", () => {
    expect(translateServerText('This sign-in link is not valid any more. Ask for a new one.', 'pt-BR')).toBe(
      'Este link de acesso não é mais válido. Peça um novo.',
    );
    expect(problemText(409, 'Sign-in links need an e-mail server; sign in with your password.', 'pt-BR')).toMatch(/servidor de e-mail/);
  });
  it("translates the messages about surveys' follow-up questions and their answers", () => {
    for (const m of [
      'must be text or choice',
      'must be always, negative, neutral or positive',
      'must have 2 to 10 options',
      'must have as many options as options_en',
      'at most 5 questions',
      'must not be empty',
      'is not a question of this survey',
      'is not asked after this score',
      'is not an option of this question',
      'answered twice',
    ]) {
      expect(translateServerText(m, 'pt-BR'), m).toBeDefined();
    }
    expect(translateServerText('must be at most 2000 characters', 'pt-BR')).toBe('deve ter no máximo 2000 caracteres');
  });
  it("translates the guardian's refused moves, naming the field's level and the statuses", () => {
    // docs/GUARDIAN.md, "Moving on": a refused move is 400 naming each missing field. The routes
    // build these messages from the level and the status names, so they are translated by pattern
    // (the source test above cannot find a message made of pieces).
    expect(translateServerText('required at level high before moving to action_plan', 'pt-BR')).toBe(
      'obrigatório no nível alto antes de passar para plano de ação',
    );
    expect(translateServerText('required at level critical before moving to monitoring', 'pt-BR')).toBe(
      'obrigatório no nível critical antes de passar para em monitoramento',
    );
    expect(translateServerText('required before moving to action_plan', 'pt-BR')).toBe('obrigatório antes de passar para plano de ação');
    expect(translateServerText('cannot move from new to closed', 'pt-BR')).toBe('não pode passar de novo para encerrado');
    expect(translateServerText('cannot move from reopened to monitoring', 'pt-BR')).toBe('não pode passar de reaberto para em monitoramento');
    for (const s of ['new', 'analysing', 'action_plan', 'monitoring', 'closed', 'reopened']) {
      expect(translateServerText(`cannot move from closed to ${s}`, 'pt-BR'), s).not.toMatch(/[a-z]_[a-z]|analysing|monitoring|reopened/);
    }
  });
  it("translates the answers about an apology e-mail uploaded to the guardian's board", () => {
    expect(translateServerText('is not an e-mail farol can read (an .eml file)', 'pt-BR')).toBe('não é um e-mail que o farol consiga ler (um arquivo .eml)');
    expect(translateServerText('The e-mail is larger than the limit of 25 MB.', 'pt-BR')).toBe('O e-mail é maior que o limite de 25 MB.');
    expect(translateServerText('This server reads no e-mail.', 'pt-BR')).toBe('Este servidor não lê e-mails.');
  });
  it("translates every message of the guardian's GUT rule and settings", () => {
    const messages = guardianMessages();
    expect(messages).toContain('give at least one band of scores');
    expect(messages).toContain('must be sum or product');
    const missing = messages.filter((m) => translateServerText(m, 'pt-BR') === undefined);
    expect(missing).toEqual([]);
    expect(translateServerText('each grade is a whole number from 1 to 3', 'pt-BR')).toBe('cada nota é um número inteiro de 1 a 3');
  });
  it('builds the refused moves from the pieces the patterns above expect', () => {
    // The service writes "required" + " before moving to " + status, "required at level " + level
    // + …, and "cannot move from " + was + " to " + status: if those pieces change, so must the
    // patterns.
    const text = guardianSources().map((f) => f.text).join('\n');
    for (const piece of ['"required at level "', '" before moving to "', '"cannot move from "', '" to "']) {
      expect(text, piece).toContain(piece);
    }
  });
  it('leaves English as it is', () => {
    expect(translateServerText('must not be empty', 'en')).toBe('must not be empty');
  });
  it('falls back to a plain sentence by kind of error', () => {
    expect(problemText(403, 'Your role (guardian) may not do it, really', 'pt-BR')).toBe('Seu papel não permite fazer isso.');
    expect(problemText(409, 'Some new explanation nobody translated', 'pt-BR')).toBe(genericProblem(409, 'pt-BR'));
    expect(problemText(409, 'Some new explanation nobody translated', 'en')).toBe('Some new explanation nobody translated');
    expect(genericProblem(503, 'pt-BR')).toMatch(/servidor/);
  });
});
