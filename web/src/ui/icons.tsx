// The few pictures the app uses, drawn inline (no font has to provide them). Always decorative:
// the words next to them carry the meaning.
const PATHS = {
  // a padlock: internal notes and calls
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z',
  // a paper clip: attachments
  clip: 'M10.5 3.5 5 9a1.5 1.5 0 0 0 2.1 2.1l5-5a3 3 0 0 0-4.2-4.2l-5.3 5.3a4.5 4.5 0 0 0 6.4 6.4l4-4-1-1-4 4a3 3 0 0 1-4.3-4.3L9 3a1.5 1.5 0 0 1 2.1 2.1l-5 5-.1-.1 5.5-5.5z',
  // a telephone handset: phone calls
  phone: 'M4.5 1.5 6.5 4 5.3 5.6a8 8 0 0 0 5.1 5.1L12 9.5l2.5 2-1 2.5C7.8 14.3 1.7 8.2 2 2.5l2.5-1z',
} as const;

export function Icon(props: { name: keyof typeof PATHS }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={PATHS[props.name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
