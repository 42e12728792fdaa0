/** Outcome names as pages print them: English with the Japanese term. */
import type { Outcome } from '../../../core/scenario/schema.ts';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  answered: 'Answered 応答',
  blocked: 'Busy (blocked) 話し中',
  abandoned_in_queue: 'Gave up in queue 待ち中に切断',
  hung_up_in_menu: 'Hung up in menu ガイダンス中に切断',
  invalid_input: 'No valid input 入力なし・無効',
  closed: 'Closed (outside hours) 受付時間外',
};

/** The outcomes of attempts that reached a category's routing, stacked in this order. */
export const ROUTED_OUTCOMES = ['answered', 'blocked', 'abandoned_in_queue', 'closed'] as const satisfies readonly Outcome[];
