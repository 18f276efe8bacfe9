// Taking in an e-mail from an .eml file chosen in the browser: the file's bytes POSTed as
// message/rfc822 to `url`, the server's answer (and its status: 201 made now, 200 the same message
// taken in before) handed to `onDone`. A missing file is said before anything is sent; an empty or
// unreadable one is the server's message under the field (`body`). The mail log takes a message
// in as if it had arrived (docs/EMAIL.md); the guardian records an apology from it
// (docs/GUARDIAN.md, "The apology inbox").
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../app/api';
import { useT } from '../app/i18n';
import { useFieldErrors } from './feedback';
import { TextField } from './forms';
import { FormButtons, FormProblem, useSubmit } from './kit';
import m from './emlUpload.i18n';

export function EmlUpload<T>(props: {
  url: string;
  intro: ReactNode;
  button: string;
  onDone: (answer: T, status: number) => void;
  onCancel?: () => void;
}) {
  const t = useT(m);
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    void s.run(async () => {
      const answer = await api.exchange<T>('POST', props.url, undefined, { raw: file, contentType: 'message/rfc822' });
      props.onDone(answer.data, answer.status);
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>{props.intro}</p>
      <FormProblem error={s.error} shown={['body']} />
      <TextField
        label={t('file')}
        type="file"
        accept=".eml,message/rfc822"
        required
        error={missing ? t('choose') : fe('body')}
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          setMissing(false);
        }}
      />
      <FormButtons busy={s.busy} label={props.button} onCancel={props.onCancel} />
    </form>
  );
}
