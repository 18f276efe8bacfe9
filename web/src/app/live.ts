// Following a ticket while it is on screen: farol's /live stream (Server-Sent Events) says when a
// new version exists; the page then fetches it. Only ids and versions travel on the stream.
// EventSource reconnects by itself after a network blip; on reconnect the `ready` event carries
// the current version, so a change made while disconnected is not missed.
import { useEffect, useRef } from 'react';

export interface LiveHandlers {
  // A version newer than the one on screen exists (or may exist, after a reconnect).
  onVersion: (version: number) => void;
  // The ticket is no longer visible to the viewer.
  onGone?: () => void;
}

export function useTicketLive(ticketId: number, handlers: LiveHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/tickets/${ticketId}/live`, { withCredentials: true });
    const version = (ev: MessageEvent) => {
      try {
        const data = JSON.parse(ev.data) as { version?: number };
        if (typeof data.version === 'number') ref.current.onVersion(data.version);
      } catch {
        /* a malformed event is ignored; the next one will do */
      }
    };
    source.addEventListener('ready', version as EventListener);
    source.addEventListener('ticket', version as EventListener);
    source.addEventListener('gone', () => {
      source.close();
      ref.current.onGone?.();
    });
    return () => source.close();
  }, [ticketId]);
}
