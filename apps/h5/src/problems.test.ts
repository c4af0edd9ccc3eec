import { describe, expect, it } from 'vitest';
import { problemDocument } from '@carnival/api';
import { asProblem, problemMessage, type Problem } from './problems.ts';

const at = (iso: string) => `[${iso}]`;

describe('friendly messages from problem codes', () => {
  it('fills a message from the problem’s own fields', () => {
    const problem = problemDocument({ code: 'BROWSE_TOO_EARLY', taskId: 'browse-main-venue', secondsRemaining: 12 }) as Problem;
    expect(problemMessage(problem, 'en', at)).toBe('Keep browsing 12 more seconds');
    expect(problemMessage(problem, 'zh', at)).toBe('再逛 12 秒就能领取');
    const candy = problemDocument({ code: 'INSUFFICIENT_CANDY', needed: 200, balance: 70 }) as Problem;
    expect(problemMessage(candy, 'en', at)).toBe('Not enough candy: 200 needed, you have 70');
  });

  it('shows instants through the page’s formatter, and a window that never opens again as closed', () => {
    const due = problemDocument({ code: 'LOTTERY_NOT_DUE', lotteryId: 'l', drawAt: '2026-11-11T14:00:00.000Z' }) as Problem;
    expect(problemMessage(due, 'en', at)).toBe('Not drawn yet: the draw is at [2026-11-11T14:00:00.000Z]');
    const later = problemDocument({ code: 'TASK_NOT_OPEN', taskId: 't', opensAt: '2026-11-11T00:00:00.000Z' }) as Problem;
    expect(problemMessage(later, 'en', at)).toBe('This task is not open yet: come back [2026-11-11T00:00:00.000Z]');
    const never = problemDocument({ code: 'TASK_NOT_OPEN', taskId: 't', opensAt: null }) as Problem;
    expect(problemMessage(never, 'en', at)).toBe('This task is closed for the rest of the festival');
    expect(problemMessage(problemDocument({ code: 'BOX_NOT_OPEN', boxId: 'b', opensAt: null }) as Problem, 'zh', at)).toBe('这个宝箱本次活动不再开放');
  });

  it('says a network failure kindly', () => {
    expect(problemMessage({ code: 'NETWORK' }, 'en', at)).toBe('Network hiccup: please try again');
  });

  it('falls back to the server’s detail for a code this page does not know yet', () => {
    const newer = { code: 'SOMETHING_NEW', detail: 'A newer server said so.' } as unknown as Problem;
    expect(problemMessage(newer, 'en', at)).toBe('Something went wrong: A newer server said so.');
  });

  it('reads a problem document, or makes one from the status when the body is not one', () => {
    const document = problemDocument({ code: 'SELF_ASSIST' });
    expect(asProblem(document, 409)).toBe(document);
    expect(asProblem('<html>', 502).code).toBe('INTERNAL');
    expect(asProblem(undefined, 404)).toEqual({ code: 'NOT_FOUND', detail: 'HTTP 404' });
  });
});
