// Choosing files to attach and uploading them. Files are uploaded when the message is sent (the
// upload endpoint stores each file on the ticket and returns its id, which the reply or note then
// references), so a cancelled message leaves nothing behind. A problem record's files go up the
// same way (uploadEach), each stored on the record as it arrives.
import { useId, useRef } from 'react';
import { api, query } from '../app/api';
import { useFormat, useT } from '../app/i18n';
import type { Attachment } from '../model/types';
import m from './attachments.i18n';
import { Icon } from './icons';

// Each file POSTed as raw bytes, one after the other, to the address `path` gives for it (the
// file's name in its query): a ticket's attachments, a problem record's files. `onEach` hears of
// each one stored, so a failure part-way leaves the caller knowing which went.
export async function uploadEach<T>(files: File[], path: (file: File) => string, onEach?: (stored: T, file: File) => void): Promise<T[]> {
  const out: T[] = [];
  for (const file of files) {
    const stored = await api.upload<T>(path(file), file);
    out.push(stored);
    onEach?.(stored, file);
  }
  return out;
}

export async function uploadFiles(ticketId: number, files: File[], internal: boolean): Promise<Attachment[]> {
  return uploadEach<Attachment>(files, (file) => `/api/v1/tickets/${ticketId}/attachments${query({ filename: file.name, internal: internal ? 'true' : undefined })}`);
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
