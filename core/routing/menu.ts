/**
 * IVR menu navigation: what a digit does at a menu, where a category sits in the tree, and
 * when each option has been announced. Shared by the simulator's callers and the live
 * call-flow API, so both walk the same tree the same way.
 */
import type { Menu, MenuOption } from '../scenario/schema.ts';

export type MenuStep =
  | { kind: 'menu'; menu: Menu; option?: MenuOption }
  | { kind: 'category'; categoryId: string; option: MenuOption }
  | { kind: 'invalid' };

/** What pressing `digit` at `menu` leads to. */
export function pressDigit(menu: Menu, digit: string): MenuStep {
  const option = menu.options.find((o) => o.digit === digit);
  return option === undefined ? { kind: 'invalid' } : stepFor(option);
}

export function stepFor(option: MenuOption): MenuStep {
  return 'menu' in option.target
    ? { kind: 'menu', menu: option.target.menu, option }
    : { kind: 'category', categoryId: option.target.category, option };
}

/** Follow a sequence of digits from the top menu; the last step tells where the caller is. */
export function followDigits(top: Menu, digits: readonly string[]): MenuStep {
  let step: MenuStep = { kind: 'menu', menu: top };
  for (const digit of digits) {
    if (step.kind !== 'menu') return { kind: 'invalid' };
    step = pressDigit(step.menu, digit);
  }
  return step;
}

/** Index of the option at `menu` whose subtree offers `categoryId`, or -1. */
export function optionIndexFor(menu: Menu, categoryId: string): number {
  return menu.options.findIndex((o) => offers(o, categoryId));
}

function offers(option: MenuOption, categoryId: string): boolean {
  return 'menu' in option.target
    ? option.target.menu.options.some((o) => offers(o, categoryId))
    : option.target.category === categoryId;
}

/**
 * Seconds from the start of a hearing of `menu` until option i has been fully announced
 * (the moment a caller waiting for it presses). The first hearing includes the greeting;
 * repeats replay the options only.
 */
export function announcementEnds(menu: Menu, withGreeting: boolean): number[] {
  let t = withGreeting ? menu.greetingSeconds : 0;
  return menu.options.map((o) => (t += o.announceSeconds));
}

/** Seconds a hearing of `menu` lasts when the caller presses nothing: every option, then the input timeout. */
export function silentHearingSeconds(menu: Menu, withGreeting: boolean): number {
  const ends = announcementEnds(menu, withGreeting);
  return (ends[ends.length - 1] ?? 0) + menu.inputTimeoutSeconds;
}

/** The prompt a telephony front end plays: greeting flag plus options in order, bilingual. */
export function menuPrompt(menu: Menu): Array<{ digit: string; label: MenuOption['label'] }> {
  return menu.options.map((o) => ({ digit: o.digit, label: o.label }));
}
