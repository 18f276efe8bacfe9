// Text a person is typing is kept in the browser until it is sent, so an error, a reload or a
// session that ended never loses it.
import { useCallback, useEffect, useState } from 'react';
import { saved } from './storage';

const PREFIX = 'farol.draft.';

export function useDraft(key: string, initial = ''): [string, (v: string) => void, () => void] {
  const [value, setValue] = useState<string>(() => saved.getItem(PREFIX + key) ?? initial);
  useEffect(() => {
    setValue(saved.getItem(PREFIX + key) ?? initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const set = useCallback(
    (v: string) => {
      setValue(v);
      if (v) saved.setItem(PREFIX + key, v);
      else saved.removeItem(PREFIX + key);
    },
    [key],
  );
  const clear = useCallback(() => {
    setValue('');
    saved.removeItem(PREFIX + key);
  }, [key]);
  return [value, set, clear];
}
