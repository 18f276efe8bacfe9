// A modal dialog on the native <dialog> element: the browser traps focus, Escape closes it,
// and focus returns to where it was.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import common from '../app/common.i18n';
import { useT } from '../app/i18n';

// `dismissible={false}`: a dialog that must be completed (signing in again); Escape does nothing
// and there is no close button.
export function Dialog(props: { open: boolean; title: ReactNode; onClose: () => void; children: ReactNode; dismissible?: boolean }) {
  const dismissible = props.dismissible !== false;
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const t = useT(common);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={id}
      onClose={() => {
        // Browsers may still close a modal on a repeated Escape: one that must be completed reopens.
        if (!dismissible && props.open) ref.current?.showModal();
        else props.onClose();
      }}
      onCancel={(e) => {
        if (!dismissible) e.preventDefault();
        else props.onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={id}>{props.title}</h2>
        {dismissible && (
          <button type="button" className="icon" aria-label={t('close')} onClick={props.onClose}>
            ×
          </button>
        )}
      </div>
      {props.open && props.children}
    </dialog>
  );
}
