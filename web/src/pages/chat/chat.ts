// Live chat in the web app (docs/CHAT.md): one conversation view over two ways of reaching a chat.
// A signed-in person (a portal contact, an agent) uses the session; a visitor of a customer's web
// site uses the widget's token for their one chat, sent in the X-Chat-Token header. Both follow
// the chat's ticket through its live stream (Server-Sent Events): a new version or a new chat
// state means "fetch the conversation again".
import { api } from '../../app/api';
import { followLive } from '../../app/live';
import type { Chat, ChatConversation, ChatMessage, ChatStarted } from '../../model/types';
import { tabStore } from '../../app/storage';

export interface ChatTransport {
  load(): Promise<ChatConversation>;
  say(body: string): Promise<ChatMessage>;
  end(): Promise<Chat>;
  // Calls `changed` whenever the chat may have changed; returns a function that stops following.
  follow(changed: () => void): () => void;
}

// A signed-in portal contact or agent.
export function sessionTransport(id: number): ChatTransport {
  return {
    load: () => api.get<ChatConversation>(`/api/v1/chats/${id}`),
    say: (body) => api.post<ChatMessage>(`/api/v1/chats/${id}/messages`, { body }),
    end: () => api.post<Chat>(`/api/v1/chats/${id}/end`),
    follow: (changed) => followLive(`/api/v1/tickets/${id}/live`, { onVersion: changed }),
  };
}

// A widget visitor, by their token.
export function visitorTransport(id: number, token: string): ChatTransport {
  const headers = { 'X-Chat-Token': token };
  return {
    load: () => api.request<ChatConversation>('GET', `/api/v1/visitor/chats/${id}`, undefined, { headers, quiet401: true }),
    say: (body) => api.request<ChatMessage>('POST', `/api/v1/visitor/chats/${id}/messages`, { body }, { headers, quiet401: true }),
    end: () => api.request<Chat>('POST', `/api/v1/visitor/chats/${id}/end`, undefined, { headers, quiet401: true }),
    follow: (changed) => followFetchStream(`/api/v1/visitor/chats/${id}/live`, headers, changed),
  };
}

// EventSource cannot send headers: the visitor's stream is read with fetch, event by event, and
// opened again (more slowly each time) when it drops.
function followFetchStream(url: string, headers: Record<string, string>, changed: () => void): () => void {
  const abort = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(url, { headers: { ...headers, Accept: 'text/event-stream' }, signal: abort.signal });
        if (res.status === 401 || res.status === 404) return;  // the chat is gone for this visitor
        if (res.ok && res.body) {
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          const parser = new SseParser();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const ev of parser.push(value)) {
              if (ev.event === 'ready' || ev.event === 'ticket') {
                delay = 1000;
                changed();
              }
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void run();
  return () => abort.abort();
}

export interface SseEvent {
  event: string;
  data: string;
}

// Server-Sent Events, as text arrives in arbitrary pieces: complete events out, the rest kept.
export class SseParser {
  private buffer = '';

  push(text: string): SseEvent[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const out: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;  // a comment (keep-alive)
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) out.push({ event, data: data.join('\n') });
    }
    return out;
  }
}

// A widget visitor's chat, kept for the browser tab (so a reload finds it), per widget key.
export interface StoredVisit {
  id: number;
  token: string;
}

export function loadVisit(key: string, storage: Pick<Storage, 'getItem'> = tabStore): StoredVisit | null {
  try {
    const v = JSON.parse(storage.getItem(`farol-chat-${key}`) ?? 'null') as Partial<StoredVisit> | null;
    return v && typeof v.id === 'number' && typeof v.token === 'string' ? { id: v.id, token: v.token } : null;
  } catch {
    return null;
  }
}

export function saveVisit(key: string, visit: StoredVisit | null, storage: Pick<Storage, 'setItem' | 'removeItem'> = tabStore) {
  if (visit) storage.setItem(`farol-chat-${key}`, JSON.stringify(visit));
  else storage.removeItem(`farol-chat-${key}`);
}

export function startVisit(key: string, visitor: { name: string; email: string; message: string; locale: string }) {
  return api.request<ChatStarted>('POST', `/api/v1/chat-widgets/${encodeURIComponent(key)}/chats`, visitor, { quiet401: true });
}

// Whether the chat still takes lines as a live conversation.
export function isLive(chat: Chat): boolean {
  return chat.state === 'waiting' || chat.state === 'active';
}

// The snippet an admin pastes into the customer's site.
export function embedSnippet(origin: string, key: string): string {
  return `<script src="${origin}/widget.js" data-farol-chat="${key}" async></script>`;
}

// The one-line summary of where a chat stands, as a key of chat.i18n and its values.
export function stateLine(chat: Chat, viewer: 'customer' | 'agent'): { key: 'waiting' | 'activeWith' | 'activeAgent' | 'missed' | 'ended'; vars: Record<string, string> } {
  switch (chat.state) {
    case 'waiting':
      return { key: 'waiting', vars: {} };
    case 'active':
      return viewer === 'customer' ? { key: 'activeWith', vars: { name: chat.agent_name } } : { key: 'activeAgent', vars: { name: chat.agent_name } };
    case 'missed':
      return { key: 'missed', vars: { id: String(chat.ticket_id) } };
    default:
      return { key: 'ended', vars: {} };
  }
}
