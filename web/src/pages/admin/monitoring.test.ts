import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alertUrl, channelForm, channelPatch, channelRequest, curlExample, newChannelForm, shellQuote } from './monitoring';

const KEY = 'fmon_3kQ9abcdefghijklmnopqrstuvwxyz0123456-_AB';

describe('making a monitoring channel', () => {
  it('sends what was chosen, and leaves out a team not chosen', () => {
    expect(channelRequest({ name: '  Prometheus — Acme ', organisationId: 2, teamId: '1', resolveOnRecovery: true, rate: '120' })).toEqual({
      name: 'Prometheus — Acme',
      organisation_id: 2,
      team_id: 1,
      resolve_on_recovery: true,
      rate_per_minute: 120,
    });
    expect(channelRequest({ ...newChannelForm(), name: 'Zabbix', organisationId: 3 })).toEqual({
      name: 'Zabbix',
      organisation_id: 3,
      resolve_on_recovery: false,
      rate_per_minute: 60,
    });
  });
  it('leaves what is missing or wrong for the server to name', () => {
    const body = channelRequest({ ...newChannelForm(), rate: '' });
    expect(body).toEqual({ name: '', resolve_on_recovery: false });
    expect(channelRequest({ ...newChannelForm(), rate: '1.5' }).rate_per_minute).toBe('1.5');
  });
});

describe('changing a monitoring channel', () => {
  const channel = {
    id: 4,
    name: 'Prometheus',
    organisation_id: 2,
    organisation_name: 'Acme',
    team_id: 1,
    team_name: 'NOC',
    key_hint: 'fmon_3kQ9…',
    resolve_on_recovery: false,
    rate_per_minute: 120,
    created_at: '2026-12-01T10:00:00Z',
    revoked_at: null,
  };
  it('starts from the channel as it is and sends every setting but the organisation', () => {
    const form = channelForm(channel);
    expect(form).toEqual({ name: 'Prometheus', organisationId: 2, teamId: '1', resolveOnRecovery: false, rate: '120' });
    expect(channelPatch({ ...form, name: ' Prometheus (NOC) ', resolveOnRecovery: true, rate: '30' })).toEqual({
      name: 'Prometheus (NOC)',
      team_id: 1,
      resolve_on_recovery: true,
      rate_per_minute: 30,
    });
  });
  it('sends the usual routing as no team, and leaves a bad rate for the server to name', () => {
    const body = channelPatch({ ...channelForm({ ...channel, team_id: null, team_name: '' }), rate: 'lots' });
    expect(body.team_id).toBeNull();
    expect(body.rate_per_minute).toBe('lots');
    expect('organisation_id' in body).toBe(false);
  });
});

describe('the address a tool posts to', () => {
  it('is this farol and the channel path', () => {
    expect(alertUrl('https://desk.example.com', `/api/v1/channels/${KEY}/alerts`)).toBe(`https://desk.example.com/api/v1/channels/${KEY}/alerts`);
    expect(alertUrl('http://127.0.0.1:8080/', `/api/v1/channels/${KEY}/alerts`)).toBe(`http://127.0.0.1:8080/api/v1/channels/${KEY}/alerts`);
    expect(alertUrl('http://127.0.0.1:8080', 'api/v1/channels/k/alerts')).toBe('http://127.0.0.1:8080/api/v1/channels/k/alerts');
  });
  it('comes with a curl line a shell reads back word for word', () => {
    const url = `https://desk.example.com/api/v1/channels/${KEY}/alerts`;
    const line = curlExample(url, "Test alert from farol's web app");
    expect(line).toContain(`'${url}'`);
    // The shell itself splits the line: the body is the JSON it should be, the address one word.
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line.replace(/^curl/, '').replaceAll('\\\n', ' ')}`], { encoding: 'utf8' }).trimEnd().split('\n');
    expect(words).toEqual([
      '-sS', '-X', 'POST', '-H', 'Content-Type: application/json', '--data',
      JSON.stringify({ title: "Test alert from farol's web app", severity: 'warning', labels: { source: 'curl' } }),
      url,
    ]);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
