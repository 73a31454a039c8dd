/** Selection + scroll of a list, as a pure reducer (used by Table, trees, logs). */

export interface ListNav {
  /** Selected index (0 when the list is empty). */
  sel: number;
  /** First visible row. */
  top: number;
}

export type NavMove = 'up' | 'down' | 'pgup' | 'pgdn' | 'first' | 'last';

export const NAV0: ListNav = { sel: 0, top: 0 };

function clampNav(nav: ListNav, count: number, height: number): ListNav {
  const h = Math.max(1, height);
  const sel = count === 0 ? 0 : Math.min(Math.max(0, nav.sel), count - 1);
  let top = Math.min(Math.max(0, nav.top), Math.max(0, count - h));
  if (sel < top) top = sel;
  if (sel >= top + h) top = sel - h + 1;
  if (sel === nav.sel && top === nav.top) return nav;
  return { sel, top };
}

export function moveNav(nav: ListNav, move: NavMove, count: number, height: number): ListNav {
  const page = Math.max(1, height - 1);
  let sel = nav.sel;
  switch (move) {
    case 'up': sel -= 1; break;
    case 'down': sel += 1; break;
    case 'pgup': sel -= page; break;
    case 'pgdn': sel += page; break;
    case 'first': sel = 0; break;
    case 'last': sel = count - 1; break;
  }
  return clampNav({ sel, top: nav.top }, count, height);
}

/** Keep a selection valid after the list changed size or the viewport was resized. */
export function fixNav(nav: ListNav, count: number, height: number): ListNav {
  return clampNav(nav, count, height);
}
