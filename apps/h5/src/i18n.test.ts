import { describe, expect, it } from 'vitest';
import { FAILURE_CODES } from '@carnival/api';
import { fill, LANGS, localTitle, messages, pickLang, t } from './i18n.ts';
import { PROBLEM_MESSAGES } from './problems.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the page’s words', () => {
  const tables = { messages, problems: PROBLEM_MESSAGES } as Record<string, Record<string, Record<string, string>>>;

  for (const [name, table] of Object.entries(tables)) {
    it(`every ${name} entry has Chinese and English, with the same placeholders`, () => {
      for (const [key, entry] of Object.entries(table)) {
        for (const lang of LANGS) expect(entry[lang]?.trim(), `${key}.${lang}`).toBeTruthy();
        expect(placeholders(entry.zh!), key).toEqual(placeholders(entry.en!));
      }
    });
  }

  it('has a message for every problem code the API answers with', () => {
    expect(Object.keys(PROBLEM_MESSAGES).sort()).toEqual([...FAILURE_CODES].sort());
  });

  it('Chinese entries are written in Chinese, not left in English', () => {
    // Entries made only of symbols and numbers (a language toggle) are the same in both.
    const untranslated = Object.entries(messages).filter(([, e]) => e.zh === e.en && /[a-z]{3}/i.test(e.en)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(t('en', 'topUpHint', { needed: '¥23.00', saves: '¥30.00' })).toBe('Add ¥23.00 more of eligible items to save another ¥30.00');
    expect(t('zh', 'topUpHint', { needed: '¥23.00', saves: '¥30.00' })).toBe('再买 ¥23.00 参与活动的商品，可再省 ¥30.00');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('takes ?lang= first, then the browser’s languages, then Chinese', () => {
    expect(pickLang('?lang=en', ['zh-CN'])).toBe('en');
    expect(pickLang('?lang=zh', ['en-US'])).toBe('zh');
    expect(pickLang('?lang=fr', ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLang('', ['zh-TW'])).toBe('zh');
    expect(pickLang('', ['de-DE'])).toBe('zh');
  });

  it('shows a definition title “English (中文)” in the language asked for', () => {
    expect(localTitle('Daily check-in (每日签到)', 'zh')).toBe('每日签到');
    expect(localTitle('Daily check-in (每日签到)', 'en')).toBe('Daily check-in');
    expect(localTitle('Post a product recommendation (种草机; the host platform reports it)', 'zh')).toBe('种草机; the host platform reports it');
    expect(localTitle('Browse the main venue for 15 s (逛主会场)', 'en')).toBe('Browse the main venue for 15 s');
    // No Chinese in the parentheses: not a translation, the title stays whole.
    expect(localTitle('Festival coupon (¥20 off)', 'zh')).toBe('Festival coupon (¥20 off)');
    expect(localTitle('¥8,888 shopping red packet', 'zh')).toBe('¥8,888 shopping red packet');
  });
});
