import { describe, expect, it } from 'vitest';
import { shopperName } from './demo.ts';

describe('shopperName', () => {
  it('names a demo shopper, and masks anyone else', () => {
    expect(shopperName('xiaomei', 'zh')).toBe('小美');
    expect(shopperName('xiaomei', 'en')).not.toBe('xiaomei');
    expect(shopperName('u8842241', 'en')).toBe('u8***41');
    expect(shopperName('abc', 'en')).toBe('a***');
  });
});
