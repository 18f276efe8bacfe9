import { describe, expect, it } from 'vitest';
import { loadTicket } from './ticketData';

// A fake server: records when each read was asked for and lets the test answer them one by one.
function server() {
  const asked: string[] = [];
  const pending = new Map<string, (v: unknown) => void>();
  const get = <T,>(path: string) => {
    asked.push(path);
    return new Promise<T>((ok) => pending.set(path, ok as (v: unknown) => void));
  };
  const answer = (path: string, value: unknown) => pending.get(path)!(value);
  return { asked, get, answer };
}

const tick = () => new Promise((ok) => setTimeout(ok, 0));

describe('loadTicket', () => {
  it('reads the ticket (its version) before its timeline, so a timeline is never older than the version shown', async () => {
    const s = server();
    const loading = loadTicket(7, { get: s.get });
    await tick();
    expect(s.asked).toEqual(['/api/v1/tickets/7']);
    s.answer('/api/v1/tickets/7', { id: 7, version: 3 });
    await tick();
    expect(s.asked.slice(1).sort()).toEqual(['/api/v1/tickets/7/attachments', '/api/v1/tickets/7/events', '/api/v1/tickets/7/links']);
    s.answer('/api/v1/tickets/7/events', { items: [{ id: 1 }, { id: 2 }] });
    s.answer('/api/v1/tickets/7/attachments', { items: [] });
    s.answer('/api/v1/tickets/7/links', { items: [{ id: 9 }] });
    const data = await loading;
    expect(data.ticket.version).toBe(3);
    expect(data.events.map((e) => e.id)).toEqual([1, 2]);
    expect(data.links).toHaveLength(1);
  });

  it('asks for no links in the portal', async () => {
    const s = server();
    const loading = loadTicket(8, { links: false, get: s.get });
    await tick();
    s.answer('/api/v1/tickets/8', { id: 8, version: 1 });
    await tick();
    expect(s.asked).not.toContain('/api/v1/tickets/8/links');
    s.answer('/api/v1/tickets/8/events', { items: [] });
    s.answer('/api/v1/tickets/8/attachments', { items: [] });
    expect((await loading).links).toEqual([]);
  });
});
