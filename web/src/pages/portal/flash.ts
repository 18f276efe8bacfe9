// A message handed from one portal page to the next (after opening a ticket, the ticket page says
// so, and names any file that could not be attached). Kept in sessionStorage so a reload of the
// ticket page right after still shows it; removed once shown.

export interface TicketFlash {
  created?: boolean;
  // Files that could not be attached: the file's name and why, in the reader's language.
  failed?: Array<{ name: string; reason: string }>;
}

const PREFIX = 'farol.portal.flash.';

export function setTicketFlash(ticketId: number, flash: TicketFlash) {
  try {
    sessionStorage.setItem(PREFIX + ticketId, JSON.stringify(flash));
  } catch {
    /* storage full or blocked: the ticket page simply shows no message */
  }
}

export function peekTicketFlash(ticketId: number): TicketFlash | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + ticketId);
    return raw ? (JSON.parse(raw) as TicketFlash) : null;
  } catch {
    return null;
  }
}

export function clearTicketFlash(ticketId: number) {
  try {
    sessionStorage.removeItem(PREFIX + ticketId);
  } catch {
    /* nothing to do */
  }
}
