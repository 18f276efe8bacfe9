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

// Follows `url` (a ticket's /live stream) until the returned function is called: `ready` and
// `ticket` events carry the version; EventSource reconnects by itself after a blip, and after an
// HTTP error (401 while signed out, 503 during a restart) this opens it again, more slowly each time.
export function followLive(url: string, handlers: { onVersion: (version: number) => void; onGone?: () => void }): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = 1000;
  let stopped = false;
  const version = (ev: MessageEvent) => {
    delay = 1000;
    try {
      const data = JSON.parse(ev.data) as { version?: number };
      if (typeof data.version === 'number') handlers.onVersion(data.version);
    } catch {
      /* a malformed event is ignored; the next one will do */
    }
  };
  const open = () => {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('ready', version as EventListener);
    source.addEventListener('ticket', version as EventListener);
    source.addEventListener('gone', () => {
      stopped = true;
      source?.close();
      handlers.onGone?.();
    });
    source.onerror = () => {
      if (stopped || source?.readyState !== EventSource.CLOSED) return;
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}

// `session` changes when someone signs in again: a stream refused while signed out starts over.
export function useTicketLive(ticketId: number, handlers: LiveHandlers, session?: unknown) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(
    () => followLive(`/api/v1/tickets/${ticketId}/live`, { onVersion: (v) => ref.current.onVersion(v), onGone: () => ref.current.onGone?.() }),
    [ticketId, session],
  );
}
