import { describe, expect, it } from 'vitest';
import type { Chat } from '../../model/types';
import { embedSnippet, isLive, loadVisit, saveVisit, SseParser, stateLine } from './chat';
import { storedPresence } from './presence';

const chat = (over: Partial<Chat>): Chat => ({
  ticket_id: 7,
  state: 'waiting',
  subject: 'Chat: hi',
  organisation_name: 'Banco',
  requester_name: 'Carla',
  from_widget: false,
  started_at: '2026-12-05T10:00:00Z',
  pickup_deadline: '2026-12-05T10:03:00Z',
  picked_up_at: null,
  agent_id: null,
  agent_name: '',
  ended_at: null,
  ...over,
});

describe('SseParser', () => {
  it('yields whole events however the text is cut, and skips keep-alives', () => {
    const p = new SseParser();
    expect(p.push('retry: 3000\nevent: rea')).toEqual([]);
    expect(p.push('dy\ndata: {"id":7,"version":1}\n')).toEqual([]);
    expect(p.push('\n: keep-alive\n\nevent: ticket\r\ndata: {"id":7,"version":2,"chat":"active"}\r\n\r\n')).toEqual([
      { event: 'ready', data: '{"id":7,"version":1}' },
      { event: 'ticket', data: '{"id":7,"version":2,"chat":"active"}' },
    ]);
    expect(p.push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});

describe('chat state', () => {
  it('is live while waiting or active', () => {
    expect(isLive(chat({ state: 'waiting' }))).toBe(true);
    expect(isLive(chat({ state: 'active' }))).toBe(true);
    expect(isLive(chat({ state: 'missed' }))).toBe(false);
    expect(isLive(chat({ state: 'ended' }))).toBe(false);
  });
  it('says who is on the chat to each side, and the ticket when missed', () => {
    expect(stateLine(chat({ state: 'active', agent_name: 'Ana' }), 'customer')).toEqual({ key: 'activeWith', vars: { name: 'Ana' } });
    expect(stateLine(chat({ state: 'active', agent_name: 'Ana' }), 'agent')).toEqual({ key: 'activeAgent', vars: { name: 'Ana' } });
    expect(stateLine(chat({ state: 'missed' }), 'customer')).toEqual({ key: 'missed', vars: { id: '7' } });
  });
});

describe('a visitor’s chat in the tab', () => {
  const store = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };
  it('is kept per widget key and forgotten on request', () => {
    const s = store();
    saveVisit('fwid_a', { id: 3, token: 'fchat_x' }, s);
    expect(loadVisit('fwid_a', s)).toEqual({ id: 3, token: 'fchat_x' });
    expect(loadVisit('fwid_b', s)).toBeNull();
    saveVisit('fwid_a', null, s);
    expect(loadVisit('fwid_a', s)).toBeNull();
  });
  it('ignores what is not a visit', () => {
    const s = store();
    s.setItem('farol-chat-k', '{"id":"3","token":1}');
    expect(loadVisit('k', s)).toBeNull();
    s.setItem('farol-chat-k', 'not json');
    expect(loadVisit('k', s)).toBeNull();
  });
});

describe('embedding and presence', () => {
  it('gives the snippet with farol’s address and the key', () => {
    expect(embedSnippet('https://desk.example.com', 'fwid_abc')).toBe(
      '<script src="https://desk.example.com/widget.js" data-farol-chat="fwid_abc" async></script>',
    );
  });
  it('reads an unknown stored presence as offline', () => {
    expect(storedPresence({ getItem: () => 'available' })).toBe('available');
    expect(storedPresence({ getItem: () => 'away' })).toBe('away');
    expect(storedPresence({ getItem: () => 'busy' })).toBe('offline');
    expect(storedPresence({ getItem: () => null })).toBe('offline');
  });
});
