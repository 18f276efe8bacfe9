// Everything the ticket page shows, loaded together.
import { api } from '../../app/api';
import type { Attachment, ListOf, Ticket, TicketEvent, TicketLink } from '../../model/types';

export interface TicketData {
  ticket: Ticket;
  events: TicketEvent[];
  attachments: Attachment[];
  links: TicketLink[];
}

export async function loadTicket(id: number): Promise<TicketData> {
  const base = `/api/v1/tickets/${id}`;
  const [ticket, events, attachments, links] = await Promise.all([
    api.get<Ticket>(base),
    api.get<ListOf<TicketEvent>>(`${base}/events`),
    api.get<ListOf<Attachment>>(`${base}/attachments`),
    api.get<ListOf<TicketLink>>(`${base}/links`),
  ]);
  return { ticket, events: events.items, attachments: attachments.items, links: links.items };
}
