// Keyboard focus after an action: a button disabled while its action runs (or a form that goes
// away when it succeeds) drops the focus to the page; this puts it back on something sensible.
export function refocus(el: Element | null | undefined) {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if ((!active || active === document.body) && el instanceof HTMLElement) el.focus();
  });
}

// After a row of a list moves (a level, a question), its buttons move with it; if the one pressed
// is now disabled (the row reached the top or the bottom), focus the row's other move button
// (in `.level-actions`) instead of losing it. `rowId` is the row's element id.
export function keepMoveFocus(rowId: string) {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active && active !== document.body && !(active as HTMLButtonElement).disabled) return;
    document.getElementById(rowId)?.querySelector<HTMLButtonElement>('.level-actions button:not(:disabled)')?.focus();
  });
}
