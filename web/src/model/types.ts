// The API's resources as the server sends them (see /api/v1/openapi.json).

export type Locale = 'en' | 'pt-BR';
export type Role = 'agent' | 'manager' | 'csm' | 'guardian' | 'director' | 'admin';
export type TicketType = 'incident' | 'service_request' | 'change' | 'problem' | 'commercial';
export type TicketStatus =
  | 'new'
  | 'open'
  | 'pending_customer'
  | 'pending_vendor'
  | 'resolved'
  | 'closed'
  | 'cancelled';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Level = 'high' | 'medium' | 'low';
export type Tier = 'N1' | 'N2' | 'N3';
export type Channel = 'email' | 'portal' | 'chat' | 'phone' | 'in_person' | 'api' | 'monitoring';
export type LinkKind = 'related' | 'duplicate_of' | 'duplicated_by' | 'parent_of' | 'child_of' | 'caused_by' | 'causes';

export const TICKET_TYPES: TicketType[] = ['incident', 'service_request', 'change', 'problem', 'commercial'];
// The ways a ticket comes in, the most common first (a new ticket's channel list, survey triggers).
export const CHANNELS: Channel[] = ['phone', 'email', 'chat', 'in_person', 'portal', 'monitoring', 'api'];
export const STATUSES: TicketStatus[] = [
  'new',
  'open',
  'pending_customer',
  'pending_vendor',
  'resolved',
  'closed',
  'cancelled',
];
export const ACTIVE_STATUSES: TicketStatus[] = ['new', 'open', 'pending_customer', 'pending_vendor'];
export const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const LEVELS: Level[] = ['high', 'medium', 'low'];
export const TIERS: Tier[] = ['N1', 'N2', 'N3'];
export const ROLES: Role[] = ['agent', 'manager', 'csm', 'guardian', 'director', 'admin'];
export const LINK_KINDS: LinkKind[] = ['related', 'duplicate_of', 'duplicated_by', 'parent_of', 'child_of', 'caused_by', 'causes'];

export interface Session {
  kind: 'staff' | 'contact' | 'system';
  id: number;
  name: string;
  email: string;
  locale: Locale;
  time_zone: string;
  must_change_password: boolean;
  csrf_token?: string;
  // staff
  role?: Role;
  tier?: Tier;
  team_ids?: number[];
  permissions?: string[];
  // contacts
  organisation_id?: number;
  manager_contact?: boolean;
}

export interface Ticket {
  id: number;
  number: number;
  type: TicketType;
  status: TicketStatus;
  priority: Priority;
  priority_manual: boolean;
  impact: Level;
  urgency: Level;
  subject: string;
  description: string;
  organisation_id: number;
  organisation_name: string | null;
  requester_id: number | null;
  requester_name: string | null;
  channel: Channel;
  team_id: number | null;
  team_name: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
  tier: Tier;
  tier_reached: Tier;
  site_id: number | null;
  network_area_id: number | null;
  category_id: number | null;
  subcategory_id: number | null;
  tags: string[];
  custom_fields: Record<string, string>;
  created_by: { kind: string; id: number };
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
  reassignment_count: number;
  escalation_count: number;
  first_contact_resolution: boolean | null;
  merged_into: number | null;
  rating: { stars: number; comment: string; rated_at: string } | null;
  version: number;
}

export interface TicketPage {
  items: Ticket[];
  next_cursor: string | null;
  total?: number;
}

export interface TicketEvent {
  id: number;
  ticket_id: number;
  type: string;
  at: string;
  author: { kind: 'system' | 'staff' | 'contact'; id: number; name?: string };
  internal: boolean;
  body?: string;
  field?: string;
  from?: string;
  to?: string;
  reason?: string;
  ref?: number;
  attachment_ids?: number[];
  fields?: Record<string, string>;
  call?: { direction: 'inbound' | 'outbound'; caller: string; outcome: string; duration_seconds: number };
  sla_alert?: { clock: 'first_response' | 'resolution'; threshold_percent: number; channels: string[] };
}

export interface Attachment {
  id: number;
  ticket_id: number;
  filename: string;
  size: number;
  content_type: string;
  internal: boolean;
  created_at: string;
  download_url: string;
}

export interface TicketLink {
  ticket_id: number;
  other_id: number;
  kind: LinkKind;
  other_subject: string;
  other_status: TicketStatus;
  created_at: string;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  active: boolean;
  locale: Locale;
  time_zone: string;
  must_change_password: boolean;
  team_ids: number[];
  version: number;
}

export interface Team {
  id: number;
  name: string;
  description: string;
  manager_id: number | null;
  member_ids: number[];
  version: number;
}

export interface Organisation {
  id: number;
  name: string;
  employee_count: number;
  segment: 'smb' | 'mid_market' | 'enterprise';
  time_zone: string;
  csm_id: number | null;
  email_domains: string[];
  active: boolean;
  version: number;
}

export interface Site {
  id: number;
  organisation_id: number;
  name: string;
  address: string;
  city: string;
  country: string;
  active: boolean;
  version: number;
}

export interface NetworkArea {
  id: number;
  organisation_id: number;
  name: string;
  description: string;
  active: boolean;
  version: number;
}

export interface Contact {
  id: number;
  organisation_id: number;
  name: string;
  email: string;
  phone: string;
  portal_user: boolean;
  manager: boolean;
  active: boolean;
  locale: Locale;
  time_zone: string;
  has_password: boolean;
  version: number;
}

export interface Category {
  id: number;
  parent_id: number | null;
  name: string;
  active: boolean;
  version: number;
}

export interface CustomField {
  id: number;
  ticket_type: TicketType;
  key: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select';
  options: string[];
  required: boolean;
  active: boolean;
  position: number;
  version: number;
}

export interface SavedFilter {
  id: number;
  name: string;
  query: string;
  created_at: string;
}

export interface ListOf<T> {
  items: T[];
  next_after?: number | null;
}

// ---- SLA alerts (docs/ALERTS.md)

export type AlertKind = 'email' | 'slack' | 'telegram' | 'webhook';

export interface AlertChannel {
  id: number;
  name: string;
  kind: AlertKind;
  url: string;
  secret_set: boolean;
  chat_id: string;
  emails: string[];
  language: Locale;
  time_zone: string;
  on_warning: boolean;
  on_breach: boolean;
  max_priority: Priority;
  active: boolean;
  created_at: string;
  version: number;
}

export interface Delivery {
  id: number;
  channel_id: number | null;  // null: an e-mail to one person (the escalation matrix)
  channel: string;            // the channel's name, or that person's address
  recipient: string | null;
  ticket_id: number | null;
  event: 'sla.warning' | 'sla.breach' | 'test' | 'escalation.level';
  subject: string;
  body: string;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string;
  created_at: string;
  sent_at: string | null;
}

// ---- monitoring alerts (docs/MONITORING.md)

export interface MonitoringChannel {
  id: number;
  name: string;
  organisation_id: number;
  organisation_name: string;
  team_id: number | null;  // null: the usual routing
  team_name: string;
  key_hint: string;  // the key's first characters ("fmon_3kQ9…"); the key itself is shown once
  resolve_on_recovery: boolean;
  rate_per_minute: number;
  created_at: string;
  revoked_at: string | null;
}

// The answer to making a channel: the only time its key is seen.
export interface NewMonitoringChannel extends MonitoringChannel {
  key: string;
  alerts_path: string;  // /api/v1/channels/<key>/alerts
}

// One alert taken in: one row per (channel, fingerprint).
export interface MonitoringAlert {
  id: number;
  channel_id: number;
  fingerprint: string;
  ticket_id: number;
  state: 'firing' | 'resolved';
  title: string;
  notifications: number;
  first_at: string;
  last_at: string;
}

// ---- e-mail (docs/EMAIL.md)

// What became of a message taken in (direction in); outgoing mail is not in the log yet.
// In: ticket, reply, ignored, triage, quarantined. Out (a staff reply e-mailed): queued, sent, failed.
export type MailInState = 'ticket' | 'reply' | 'ignored' | 'triage' | 'quarantined';
export type MailState = MailInState | 'queued' | 'sent' | 'failed';
export const MAIL_STATES: MailState[] = ['triage', 'quarantined', 'ticket', 'reply', 'ignored', 'queued', 'sent', 'failed'];

export interface MailMessage {
  id: number;
  direction: 'in' | 'out';
  mailbox: string;
  message_id: string;
  state: MailState;
  kind: '' | 'person' | 'auto_reply' | 'bounce' | 'bulk';
  reason: string;
  from: { name: string; address: string };
  to: string;
  subject: string;
  ticket_id: number | null;
  event_id: number | null;
  raw_size: number;
  received_at: string;
  updated_at: string;
  attempts: number;
  html?: string;  // only on one message: sanitised, remote images held in data-remote-src
}

export interface MailResult {
  outcome: MailInState | 'duplicate';
  message_id: number | null;  // the mail log's row
  ticket_id: number | null;
  reason: string;
}

// ---- live chat (docs/CHAT.md) ----

export type ChatState = 'waiting' | 'active' | 'missed' | 'ended';

export interface Chat {
  ticket_id: number;  // the chat's ticket: its timeline is the conversation
  state: ChatState;
  subject: string;
  organisation_name: string;
  requester_name: string;
  from_widget: boolean;  // a visitor of the customer's site: name and e-mail not verified
  started_at: string;
  pickup_deadline: string;
  picked_up_at: string | null;
  agent_id: number | null;
  agent_name: string;
  ended_at: string | null;
}

export interface ChatMessage {
  id: number | null;
  at: string;
  author: 'customer' | 'agent' | 'system';
  author_name: string;
  body: string;
}

export interface ChatConversation {
  chat: Chat;
  messages: ChatMessage[];
}

export interface ChatStarted {
  chat: Chat;
  token?: string;  // a widget visitor's credential for this one chat
}

export type PresenceStatus = 'available' | 'away' | 'offline';

export interface AgentPresence {
  user_id: number;
  name: string;
  status: PresenceStatus;
  changed_at: string;
  seen_at: string;
}

export interface ChatWidget {
  id: number;
  name: string;
  organisation_id: number;
  organisation_name: string;
  team_id: number | null;
  team_name: string;
  key: string;  // public: it sits in the customer's web page
  rate_per_minute: number;
  created_at: string;
  revoked_at: string | null;
}
