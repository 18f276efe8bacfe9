// Form controls with their label, hint and error wired together for screen readers
// (aria-describedby, aria-invalid). An error sits right under the control that caused it.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface Common {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
}

function Extra(props: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {props.hint && (
        <div className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <div className="field-error" id={`${props.id}-error`}>
          {props.error}
        </div>
      )}
    </>
  );
}

export function TextField(props: Common & InputHTMLAttributes<HTMLInputElement>) {
  const { label, error, hint, className, ...rest } = props;
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} {...rest} />
      <Extra id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea(props: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { label, error, hint, className, ...rest } = props;
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} {...rest} />
      <Extra id={id} error={error} hint={hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: Option[] }) {
  const { label, error, hint, options, className, ...rest } = props;
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Extra id={id} error={error} hint={hint} />
    </div>
  );
}

export function Checkbox(props: Common & InputHTMLAttributes<HTMLInputElement>) {
  const { label, error, hint, className, ...rest } = props;
  const id = useId();
  return (
    <div className={`field checkbox ${className ?? ''}`}>
      <input type="checkbox" id={id} aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} {...rest} />
      <label htmlFor={id}>{label}</label>
      <Extra id={id} error={error} hint={hint} />
    </div>
  );
}
