import { describe, expect, it } from 'vitest';
import { matrixFromForm, matrixToForm, moveLevel, newLevel, placeEscalationField, type EscalationMatrix } from './escalation';
import { fromForm, parsePercents, placePolicyField, targetKey, toForm, type PolicyBody } from './slaPolicy';

const matrix: EscalationMatrix = {
  types: ['incident'],
  max_priority: 'P2',
  request_cooldown_minutes: 240,
  levels: [
    { name: 'NOC', trigger: 'created', clock: 'resolution', percent: 100, deadline_minutes: 120, recipients: ['team'], email: true, channel_ids: [] },
    {
      name: 'Manager',
      trigger: 'unacknowledged',
      clock: 'resolution',
      percent: 100,
      deadline_minutes: 30,
      recipients: ['team_manager', 'csm', 'role:director', 'team:3', 'user:7'],
      email: false,
      channel_ids: [2],
    },
    { name: 'Breach', trigger: 'percent', clock: 'first_response', percent: 75, deadline_minutes: 0, recipients: ['assignee'], email: true, channel_ids: [] },
  ],
};

const gold: PolicyBody = {
  name: 'Gold',
  calendar_id: 3,
  targets: [
    { type: 'incident', priority: 'P1', first_response_minutes: 15, resolution_minutes: 240, update_minutes: 60 },
    { type: 'change', priority: 'P3', first_response_minutes: 120, resolution_minutes: 1440, update_minutes: null },
  ],
  pause_statuses: ['pending_customer'],
  warn_percents: [50, 75, 90],
  responses: { default: ['public_reply'], phone: ['public_reply', 'phone_call'] },
  olas: [{ team_id: 3, minutes: 30 }],
  escalation: matrix,
};

describe('SLA policy form', () => {
  it('gives back the policy it was made from, matrix and all', () => {
    const back = fromForm(toForm(gold));
    expect(back).toEqual({
      policy: gold,
      sent: { targetKeys: ['incident/P1', 'change/P3'], olaTeams: ['3'] },
    });
  });
  it('keeps the update target optional', () => {
    const f = toForm(gold);
    expect(f.targets[targetKey('incident', 'P1')]).toEqual({ fr: '15', res: '240', upd: '60' });
    expect(f.targets[targetKey('change', 'P3')]).toEqual({ fr: '120', res: '1440', upd: '' });
    expect(f.targets[targetKey('problem', 'P4')]).toEqual({ fr: '', res: '', upd: '' });
  });
  it('sends only the channels with a rule of their own', () => {
    const f = toForm(gold);
    expect(f.responses.phone).toEqual({ own: true, kinds: ['public_reply', 'phone_call'] });
    expect(f.responses.email).toEqual({ own: false, kinds: ['public_reply'] });
    f.responses.chat = { own: true, kinds: ['chat_message', 'public_reply'] };
    const back = fromForm(f);
    expect('policy' in back && back.policy.responses).toEqual({
      default: ['public_reply'],
      phone: ['public_reply', 'phone_call'],
      chat: ['public_reply', 'chat_message'],
    });
  });
  it('keeps OLAs per team, drops blank ones and names a bad one', () => {
    const form = toForm(gold);
    expect(form.olas).toEqual({ '3': '30' });
    expect(fromForm({ ...form, olas: { '3': '45', '4': '', '5': 'soon' } })).toEqual({ problems: { 'olas.5': 'number' } });
    const ok = fromForm({ ...form, olas: { '3': '45', '4': ' ' } });
    expect('policy' in ok && ok.policy.olas).toEqual([{ team_id: 3, minutes: 45 }]);
  });
  it('names what cannot be read, by the control that shows it', () => {
    const f = toForm(gold);
    f.targets[targetKey('change', 'P2')] = { fr: '30', res: '', upd: '' };
    f.targets[targetKey('problem', 'P3')] = { fr: 'soon', res: '60', upd: '' };
    f.targets[targetKey('problem', 'P4')] = { fr: '10', res: '60', upd: 'often' };
    f.warn = 'fifty';
    f.responses.portal = { own: true, kinds: [] };
    f.escalation.cooldown = '0';
    f.escalation.levels[2].percent = '150';
    f.escalation.levels[0].deadline = 'two hours';
    f.escalation.levels[1].named.push({ kind: 'user', id: '' });
    expect(fromForm(f)).toEqual({
      problems: {
        'targets.change/P2': 'pair',
        'targets.problem/P3': 'number',
        'targets.problem/P4': 'number',
        warn_percents: 'number',
        'responses.portal': 'kinds',
        'escalation.request_cooldown_minutes': 'cooldown',
        'escalation.levels[2].percent': 'percent',
        'escalation.levels[0].deadline_minutes': 'number',
        'escalation.levels[1].recipients': 'choose',
      },
    });
    expect(parsePercents('50, 75 90')).toEqual([50, 75, 90]);
    expect(parsePercents('50%')).toBeNull();
  });
  it("places the server's messages under the controls that caused them", () => {
    const sent = { targetKeys: ['incident/P1', 'change/P3'], olaTeams: ['3', '9'] };
    expect(placePolicyField('targets[1].resolution_minutes', sent)).toBe('targets.change/P3');
    expect(placePolicyField('targets[5]', sent)).toBe('targets');
    expect(placePolicyField('olas[1].team_id', sent)).toBe('olas.9');
    expect(placePolicyField('olas', sent)).toBe('olas');
    expect(placePolicyField('calendar_id', sent)).toBe('calendar_id');
    expect(placePolicyField('pause_statuses[0]', sent)).toBe('pause_statuses');
    expect(placePolicyField('responses.phone[1]', sent)).toBe('responses.phone');
    expect(placePolicyField('escalation.levels[2].trigger', sent)).toBe('escalation.levels[2].trigger');
    expect(placePolicyField('escalation.levels[0].recipients[3]', sent)).toBe('escalation.levels[0].recipients');
    expect(placePolicyField('escalation.levels[1].channel_ids', sent)).toBe('escalation.levels[1].channel_ids');
    expect(placePolicyField('escalation.types[0]', sent)).toBe('escalation.types');
    expect(placePolicyField('escalation.levels', sent)).toBe('escalation.levels');
    expect(placePolicyField('version', sent)).toBeNull();
    expect(placeEscalationField('escalation.levels[4]')).toBe('escalation.levels[4]');
  });
});

describe('escalation matrix form', () => {
  it('splits recipients into the fixed ones and named roles, teams and people, and back', () => {
    const f = matrixToForm(matrix);
    expect(f.levels[1].fixed).toEqual(['team_manager', 'csm']);
    expect(f.levels[1].named).toEqual([
      { kind: 'role', id: 'director' },
      { kind: 'team', id: '3' },
      { kind: 'user', id: '7' },
    ]);
    expect(f.levels[0].deadline).toBe('120');
    expect(f.levels[2].deadline).toBe('');
    const problems = {};
    expect(matrixFromForm(f, problems)).toEqual(matrix);
    expect(problems).toEqual({});
  });
  it('moves levels up and down, and not past the ends', () => {
    expect(moveLevel(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveLevel(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveLevel(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveLevel(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
  it('sends a new level as one that fires on creation and e-mails, in form order', () => {
    const f = matrixToForm({ ...matrix, levels: [] });
    const first = { ...newLevel(), name: ' Team ', fixed: ['team' as const] };
    const second = { ...newLevel(), name: 'Directors', trigger: 'percent' as const, percent: '90', named: [{ kind: 'role' as const, id: 'director' }] };
    f.levels = moveLevel([second, first], 1, -1);
    expect(first.key).not.toBe(second.key);
    expect(matrixFromForm(f, {}).levels).toEqual([
      { name: 'Team', trigger: 'created', clock: 'resolution', percent: 100, deadline_minutes: 0, recipients: ['team'], email: true, channel_ids: [] },
      { name: 'Directors', trigger: 'percent', clock: 'resolution', percent: 90, deadline_minutes: 0, recipients: ['role:director'], email: true, channel_ids: [] },
    ]);
  });
});
