// Field messages of a large form, each under the control it belongs to: the server names fields by
// paths of what was sent ("targets[3].resolution_minutes", "escalation.levels[2].trigger"), the
// form by its controls. A form gives `place` (a server path → its control's key, or null) and its
// own problems found before sending (already by control key); this gives the message for each
// control, in the reader's language, and the server fields the form shows (for FormProblem's
// banner to leave out).
import { ApiError } from '../app/api';
import { useLocale } from '../app/i18n';
import { translateServerText } from '../app/server-text';

export interface PlacedErrors {
  at: (key: string) => string | undefined;
  shown: string[];
}

export function usePlacedErrors(error: unknown, place: (field: string) => string | null, local: Record<string, string>): PlacedErrors {
  const { locale } = useLocale();
  const server: Record<string, string> = {};
  const shown: string[] = [];
  if (error instanceof ApiError) {
    for (const [field, message] of Object.entries(error.fields)) {
      const key = place(field);
      if (key === null) continue;
      shown.push(field);
      if (!(key in server)) server[key] = translateServerText(message, locale) ?? message;
    }
  }
  return { at: (key) => local[key] ?? server[key], shown };
}
