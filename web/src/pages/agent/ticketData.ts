// Everything the ticket page shows, loaded together (the staff page and the portal's).
import { api } from '../../app/api';
import type { Attachment, ListOf, Ticket, TicketEvent, TicketLink } from '../../model/types';

export interface TicketData {
  ticket: Ticket;
  events: TicketEvent[];
  attachments: Attachment[];
  links: TicketLink[];
}

type Get = <T>(path: string) => Promise<T>;

// The ticket is read first, its timeline, files and links after it. The page follows the ticket's
// version (the live stream reports newer ones): read the other way round, a change committed
// between the two reads would show the new version with the old timeline, and no newer version
// would ever come to fix it. Read this way, the worst case is a timeline newer than the version,
// which the live stream then refreshes.
// `links`: staff only (the portal shows none).
export async function loadTicket(id: number, options: { links?: boolean; get?: Get } = {}): Promise<TicketData> {
  const get: Get = options.get ?? ((path) => api.get(path));
  const base = `/api/v1/tickets/${id}`;
  const ticket = await get<Ticket>(base);
  const [events, attachments, links] = await Promise.all([
    get<ListOf<TicketEvent>>(`${base}/events`),
    get<ListOf<Attachment>>(`${base}/attachments`),
    options.links === false ? Promise.resolve({ items: [] as TicketLink[] }) : get<ListOf<TicketLink>>(`${base}/links`),
  ]);
  return { ticket, events: events.items, attachments: attachments.items, links: links.items };
}
