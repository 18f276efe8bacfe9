// The browser's storage, when the browser lets the page use it. A page framed on another site
// (the chat widget) is often refused storage (third-party storage blocking): reading it then
// throws. Here such a refusal falls back to memory for the life of the page.
type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function memory(): Store {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

export function safeStorage(open: () => Storage): Store {
  let fallback: Store | null = null;
  const use = (): Store => {
    if (fallback) return fallback;
    try {
      const s = open();
      s.getItem('farol-probe');
      return s;
    } catch {
      fallback = memory();
      return fallback;
    }
  };
  return {
    getItem: (k) => use().getItem(k),
    setItem: (k, v) => {
      try {
        use().setItem(k, v);
      } catch {
        /* full or refused: not kept */
      }
    },
    removeItem: (k) => use().removeItem(k),
  };
}

// Kept across visits (the language, drafts, an agent's presence).
export const saved: Store = safeStorage(() => localStorage);
// Kept for the browser tab (a widget visitor's chat, a message for the next page).
export const tabStore: Store = safeStorage(() => sessionStorage);
