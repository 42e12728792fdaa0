/**
 * How a simulated caller gets through the IVR: listening, pressing their option when it is
 * announced, sometimes pressing a wrong (usually early) option, sometimes nothing, hanging up
 * when the menu outlasts their patience. The tree itself is walked with the routing core's
 * menu functions, the same the live service uses.
 */
import type { CallerBehaviour, Menu } from '../../core/scenario/schema.ts';
import { announcementEnds, optionIndexFor, silentHearingSeconds, stepFor } from '../../core/routing/menu.ts';
import type { RandomStream } from '../engine/random.ts';

interface MenuNode {
  menu: Menu;
  /** Option ends for the first hearing (with greeting) and for repeats. */
  firstEnds: number[];
  repeatEnds: number[];
  firstSilent: number;
  repeatSilent: number;
  repeats: number;
  /** Per concern index: the option leading to it here, or -1. */
  target: Int32Array;
  /** Per option: the category index it selects, or -1 if it opens `children[i]`. */
  selects: Int32Array;
  children: Array<MenuNode | undefined>;
  /** Per concern index (+1, slot 0 for "not offered"): cumulative weights of the wrong options. */
  wrongCumulative: Float64Array[];
}

export interface MenuResult {
  /** Category index chosen, or -1 when the attempt ended in the menu. */
  category: number;
  outcome: 'routed' | 'hung_up_in_menu' | 'invalid_input';
  /** Seconds spent in the menu. */
  seconds: number;
}

/** One key press decided by `navigate`, for a driver that plays it against the live service. */
export interface MenuPress {
  /** Seconds from the start of the menu phase. */
  at: number;
  /** The menu being heard. */
  menu: Menu;
  /** Index of the option pressed, or -1: nothing valid pressed, the hearing timed out. */
  option: number;
}

export class MenuBehaviour {
  private readonly root: MenuNode;
  private readonly noInput: number;
  private readonly misselect: number;

  constructor(menu: Menu, categoryIds: readonly string[], behaviour: CallerBehaviour) {
    const bias = behaviour.misselection?.earlyBias ?? 1;
    this.root = compileNode(menu, categoryIds, bias);
    this.noInput = behaviour.noInputProbability;
    this.misselect = behaviour.misselection?.probability ?? 0;
  }

  /**
   * The whole menu phase of one attempt, decided up front: it touches no shared state. With
   * `presses`, each press (or timed-out hearing) before the outcome is appended to it.
   */
  navigate(concern: number, patience: number, rng: RandomStream, presses?: MenuPress[]): MenuResult {
    let node = this.root;
    let elapsed = 0;
    for (;;) {
      const want = node.target[concern]!;
      let next: number | undefined;
      for (let pass = 0; pass <= node.repeats && next === undefined; pass++) {
        const pressed = this.choose(node, want, rng);
        if (pressed >= 0) {
          const at = elapsed + (pass === 0 ? node.firstEnds : node.repeatEnds)[pressed]!;
          if (at > patience) return { category: -1, outcome: 'hung_up_in_menu', seconds: patience };
          elapsed = at;
          next = pressed;
          presses?.push({ at, menu: node.menu, option: pressed });
        } else {
          const end = elapsed + (pass === 0 ? node.firstSilent : node.repeatSilent);
          if (end > patience) return { category: -1, outcome: 'hung_up_in_menu', seconds: patience };
          elapsed = end;
          presses?.push({ at: end, menu: node.menu, option: -1 });
        }
      }
      if (next === undefined) return { category: -1, outcome: 'invalid_input', seconds: elapsed };
      const selected = node.selects[next]!;
      if (selected >= 0) return { category: selected, outcome: 'routed', seconds: elapsed };
      node = node.children[next]!;
    }
  }

  /** Option pressed on one hearing, or -1 for none. */
  private choose(node: MenuNode, want: number, rng: RandomStream): number {
    if (this.noInput > 0 && rng.next() < this.noInput) return -1;
    const wrong = node.wrongCumulative[want + 1]!;
    if (this.misselect > 0 && wrong.length > 0 && rng.next() < this.misselect) {
      const u = rng.next() * wrong[wrong.length - 1]!;
      let k = 0;
      while (k < wrong.length - 1 && u >= wrong[k]!) k++;
      return k >= want && want >= 0 ? k + 1 : k; // skip the right option
    }
    return want;
  }
}

function compileNode(menu: Menu, categoryIds: readonly string[], bias: number): MenuNode {
  const n = menu.options.length;
  const selects = new Int32Array(n);
  const children: Array<MenuNode | undefined> = [];
  menu.options.forEach((option, i) => {
    const step = stepFor(option);
    selects[i] = step.kind === 'category' ? categoryIds.indexOf(step.categoryId) : -1;
    children.push(step.kind === 'menu' ? compileNode(step.menu, categoryIds, bias) : undefined);
  });
  const target = Int32Array.from(categoryIds, (id) => optionIndexFor(menu, id));
  const wrongCumulative: Float64Array[] = [];
  for (let want = -1; want < n; want++) {
    const weights: number[] = [];
    for (let k = 0; k < n; k++) if (k !== want) weights.push(1 / Math.pow(k + 1, bias));
    let acc = 0;
    wrongCumulative.push(Float64Array.from(weights, (w) => (acc += w)));
  }
  return {
    menu,
    firstEnds: announcementEnds(menu, true),
    repeatEnds: announcementEnds(menu, false),
    firstSilent: silentHearingSeconds(menu, true),
    repeatSilent: silentHearingSeconds(menu, false),
    repeats: menu.repeats,
    target,
    selects,
    children,
    wrongCumulative,
  };
}
