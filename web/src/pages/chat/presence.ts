// An agent's chat presence: what they chose is kept in the browser and confirmed to farol every
// 30 seconds while the app is open, because farol counts an "available" it has not heard about
// for 2 minutes as offline (a closed laptop must not leave customers waiting).
import { useEffect } from 'react';
import { api } from '../../app/api';
import type { PresenceStatus } from '../../model/types';
import { saved } from '../../app/storage';

const KEY = 'farol-presence';
export const HEARTBEAT_MS = 30_000;

export function storedPresence(storage: Pick<Storage, 'getItem'> = saved): PresenceStatus {
  const v = storage.getItem(KEY);
  return v === 'available' || v === 'away' ? v : 'offline';
}

export async function setPresence(status: PresenceStatus) {
  await api.put('/api/v1/me/presence', { status });
  saved.setItem(KEY, status);
}

// While mounted (the staff layout), keeps an "available" agent available.
export function usePresenceHeartbeat(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const beat = () => {
      if (storedPresence() === 'available') void api.put('/api/v1/me/presence', { status: 'available' }).catch(() => {});
    };
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [enabled]);
}
