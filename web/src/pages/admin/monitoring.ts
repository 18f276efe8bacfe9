// The monitoring channels form and the one-time panel, apart from React: the requests that make
// and change a channel, the address a tool posts to, and a curl line to try it (docs/MONITORING.md).
import type { MonitoringChannel } from '../../model/types';

export interface ChannelForm {
  name: string;
  organisationId: number | null;
  teamId: string;  // '' for the usual routing
  resolveOnRecovery: boolean;
  rate: string;  // as typed; '' for the server's default (60)
}

export const newChannelForm = (): ChannelForm => ({ name: '', organisationId: null, teamId: '', resolveOnRecovery: false, rate: '60' });

// The body of POST /api/v1/monitoring/channels. What is missing or wrong is left for the server to
// name (no organisation, an empty name, a rate out of range): its messages go under the controls.
export function channelRequest(f: ChannelForm): Record<string, unknown> {
  const body: Record<string, unknown> = { name: f.name.trim(), resolve_on_recovery: f.resolveOnRecovery };
  if (f.organisationId !== null) body.organisation_id = f.organisationId;
  if (f.teamId !== '') body.team_id = Number(f.teamId);
  const rate = f.rate.trim();
  if (rate !== '') body.rate_per_minute = /^\d+$/.test(rate) ? Number(rate) : rate;
  return body;
}

// The form filled with a channel's settings, to change them.
export const channelForm = (x: MonitoringChannel): ChannelForm => ({
  name: x.name,
  organisationId: x.organisation_id,
  teamId: x.team_id ? String(x.team_id) : '',
  resolveOnRecovery: x.resolve_on_recovery,
  rate: String(x.rate_per_minute),
});

// The body of PATCH /api/v1/monitoring/channels/{id}: every setting but the organisation, which a
// channel keeps; the usual routing is team_id null.
export function channelPatch(f: ChannelForm): Record<string, unknown> {
  const { organisation_id: _o, ...body } = channelRequest(f);
  if (f.teamId === '') body.team_id = null;
  return body;
}

// Where the tool posts: this farol's own address (the one the admin is using) and the channel's path.
export function alertUrl(origin: string, alertsPath: string): string {
  return origin.replace(/\/+$/, '') + (alertsPath.startsWith('/') ? alertsPath : `/${alertsPath}`);
}

// A line to paste in a terminal that sends one test alert in the generic format.
export function curlExample(url: string, title: string): string {
  const body = JSON.stringify({ title, severity: 'warning', labels: { source: 'curl' } });
  return `curl -sS -X POST -H 'Content-Type: application/json' \\\n  --data ${shellQuote(body)} \\\n  ${shellQuote(url)}`;
}

// One shell word, whatever it holds.
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
