// The requester's rating of a resolved or closed ticket: one to five stars (a native radio group,
// each choice with a visible word, so it works by keyboard and never by colour or shape alone) and
// an optional comment. A later rating replaces the earlier one. Others who can see the ticket (the
// organisation's manager contact) see the rating but cannot give or change it.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useDraft } from '../../app/drafts';
import { useFormat, useT } from '../../app/i18n';
import type { Ticket } from '../../model/types';
import { Stars } from '../../ui/badges';
import { ErrorBanner, Notice, useFieldErrors } from '../../ui/feedback';
import { TextArea } from '../../ui/forms';
import { refocus } from '../../ui/focus';
import m from './portal.i18n';

const STAR_CHOICES = [1, 2, 3, 4, 5] as const;
const COMMENT_MAX = 2000;

export function RatingSection(props: {
  ticket: Ticket;
  canRate: boolean;
  // Wraps a change the viewer makes, so the live stream's echo of it is not announced as someone
  // else's update; refreshes the ticket afterwards.
  hold: () => (ownVersion: number | null) => Promise<void>;
}) {
  const t = useT(m);
  const f = useFormat();
  const id = useId();
  const { ticket } = props;
  const existing = ticket.rating;
  const [editing, setEditing] = useState(!existing);
  const [stars, setStars] = useState<number>(existing?.stars ?? 0);
  const [comment, setComment, clearComment] = useDraft(`portal-rating-${ticket.id}`, existing?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [starsMissing, setStarsMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  const fieldError = useFieldErrors(error);
  const form = useRef<HTMLFormElement>(null);

  const commentTooLong = new TextEncoder().encode(comment).length > COMMENT_MAX;
  const starsError = starsMissing ? t('starsRequired') : fieldError('stars');
  const commentError = commentTooLong ? t('commentTooLong', { max: COMMENT_MAX }) : fieldError('comment');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!stars) {
      setStarsMissing(true);
      document.getElementById(`${id}-star-1`)?.focus();
      return;
    }
    if (commentTooLong) {
      form.current?.querySelector('textarea')?.focus();
      return;
    }
    setStarsMissing(false);
    setBusy(true);
    setError(null);
    setSaved(false);
    const release = props.hold();
    let result: Ticket | null = null;
    try {
      result = await api.post<Ticket>(`/api/v1/tickets/${ticket.id}/rating`, { stars, comment: comment.trim() });
      clearComment();
      setSaved(true);
      setEditing(false);
    } catch (err) {
      setError(err);
    } finally {
      await release(result ? result.version : null);
      setBusy(false);
      refocus(result ? document.getElementById(`${id}-h`) : form.current?.querySelector('button[type="submit"]'));
    }
  };

  const startEditing = () => {
    setStars(existing?.stars ?? 0);
    if (!comment) setComment(existing?.comment ?? '');
    setSaved(false);
    setEditing(true);
  };

  if (!props.canRate) {
    if (!existing) return null;
    return (
      <section className="card stack" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('ratingTitle')}</h2>
        <p>{t('ratedByRequester')}</p>
        <ShownRating rating={existing} />
      </section>
    );
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} tabIndex={-1}>
        {t('ratingTitle')}
      </h2>
      {saved && <Notice kind="success">{t('ratingSaved')}</Notice>}
      {existing && !editing ? (
        <>
          <ShownRating rating={existing} />
          <p className="muted">{t('ratedOn', { date: f.dateTime(existing.rated_at) })}</p>
          <p>
            <button type="button" onClick={startEditing}>
              {t('changeRating')}
            </button>
          </p>
        </>
      ) : (
        <form ref={form} className="rating-form stack" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
          <p>{t('ratingIntro')}</p>
          <ErrorBanner error={error} shown={['stars', 'comment']} />
          <fieldset
            className="stars-input"
            role="radiogroup"
            aria-required="true"
            aria-invalid={!!starsError}
            aria-describedby={starsError ? `${id}-stars-error` : undefined}
          >
            <legend>{t('starsLegend')}</legend>
            {STAR_CHOICES.map((n) => (
              <label key={n}>
                <input
                  type="radio"
                  id={`${id}-star-${n}`}
                  name={`${id}-stars`}
                  value={n}
                  checked={stars === n}
                  onChange={() => {
                    setStars(n);
                    setStarsMissing(false);
                  }}
                />{' '}
                <span aria-hidden="true" className="stars">
                  {'★'.repeat(n)}
                  <span className="stars-off">{'★'.repeat(5 - n)}</span>
                </span>{' '}
                {t(`stars_${n}`)}
              </label>
            ))}
          </fieldset>
          {starsError && (
            <div className="field-error" id={`${id}-stars-error`}>
              {starsError}
            </div>
          )}
          <TextArea
            label={t('ratingComment')}
            hint={t('ratingCommentHint')}
            value={comment}
            rows={3}
            onChange={(e) => setComment(e.target.value)}
            error={commentError}
          />
          <div className="row">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
              {busy ? t('sending') : existing ? t('saveRating') : t('sendRating')}
            </button>
            {existing && (
              <button type="button" className="link" onClick={() => setEditing(false)} disabled={busy}>
                {t('keepRating')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function ShownRating(props: { rating: NonNullable<Ticket['rating']> }) {
  const t = useT(m);
  return (
    <div>
      <p>
        <span aria-hidden="true">
          <Stars stars={props.rating.stars} label={t('starsOf5', { stars: props.rating.stars })} />
        </span>{' '}
        <span>{t('starsOf5', { stars: props.rating.stars })}</span>
      </p>
      {props.rating.comment && <blockquote className="body">{props.rating.comment}</blockquote>}
    </div>
  );
}
