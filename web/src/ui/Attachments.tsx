// Choosing files to attach and uploading them. Files are uploaded when the message is sent (the
// upload endpoint stores each file on the ticket and returns its id, which the reply or note then
// references), so a cancelled message leaves nothing behind.
import { useId, useRef } from 'react';
import { api, query } from '../app/api';
import { useFormat, useT } from '../app/i18n';
import type { Attachment } from '../model/types';
import m from './attachments.i18n';
import { Icon } from './icons';

export async function uploadFiles(ticketId: number, files: File[], internal: boolean): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const file of files) {
    out.push(
      await api.upload<Attachment>(
        `/api/v1/tickets/${ticketId}/attachments${query({ filename: file.name, internal: internal ? 'true' : undefined })}`,
        file,
      ),
    );
  }
  return out;
}

export function AttachmentPicker(props: { files: File[]; onChange: (files: File[]) => void; disabled?: boolean; error?: string }) {
  const t = useT(m);
  const f = useFormat();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field attachments-picker">
      <label htmlFor={id}>{t('attach')}</label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        disabled={props.disabled}
        aria-describedby={props.error ? `${id}-error` : undefined}
        aria-invalid={!!props.error}
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          props.onChange([...props.files, ...chosen]);
          if (input.current) input.current.value = '';
        }}
      />
      {props.error && (
        <div className="field-error" id={`${id}-error`}>
          {props.error}
        </div>
      )}
      {props.files.length > 0 && (
        <ul className="chosen-files" aria-label={t('chosen')}>
          {props.files.map((file, i) => (
            <li key={`${file.name}-${i}`}>
              <Icon name="clip" /> {file.name} <span className="muted">({f.bytes(file.size)})</span>{' '}
              <button
                type="button"
                className="link"
                disabled={props.disabled}
                aria-label={t('removeFile', { name: file.name })}
                onClick={() => props.onChange(props.files.filter((_, j) => j !== i))}
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
