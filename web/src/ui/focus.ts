// Keyboard focus after an action: a button disabled while its action runs (or a form that goes
// away when it succeeds) drops the focus to the page; this puts it back on something sensible.
export function refocus(el: Element | null | undefined) {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if ((!active || active === document.body) && el instanceof HTMLElement) el.focus();
  });
}
