import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedHmac, keyedHmac, sha256 } from './sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

describe('KeyedHmac', () => {
  // RFC 4231 §4: HMAC-SHA-256 test cases 1, 2, 6 (a key longer than a block) and 7 (both long).
  it.each([
    ['0b'.repeat(20), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    ['4a656665', 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['aa'.repeat(131), 'Test Using Larger Than Block-Size Key - Hash Key First', '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    [
      'aa'.repeat(131),
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('gives RFC 4231\'s MAC for key %s', (key, message, mac) => {
    expect(hex(new KeyedHmac(fromHex(key)).digest(message))).toBe(mac);
  });

  it('agrees with node:crypto for any key and message, across the block and padding boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 150 }), fc.string({ unit: 'binary', maxLength: 300 }), (key, message) => {
        expect(hex(new KeyedHmac(key).digest(message))).toBe(createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex'));
      }),
    );
    // Every message length through three blocks, where the padding spills into a block of its own.
    const mac = new KeyedHmac('seed');
    for (let length = 0; length <= 192; length++) {
      const message = 'm'.repeat(length);
      expect(hex(mac.digest(message))).toBe(createHmac('sha256', 'seed').update(message).digest('hex'));
    }
  });

  it('writes into the bytes it is given, and one key serves many messages', () => {
    const mac = keyedHmac('campaign-seed');
    expect(keyedHmac('campaign-seed')).toBe(mac);
    const out = new Uint8Array(32);
    expect(mac.digestInto('a#0', out)).toBe(out);
    const first = hex(out);
    mac.digest('something else entirely, long enough to take a second block of the scratch space');
    expect(hex(mac.digestInto('a#0', out))).toBe(first);
    expect(first).toBe(createHmac('sha256', 'campaign-seed').update('a#0').digest('hex'));
  });
});

describe('sha256', () => {
  it('agrees with node:crypto for any text, across the block and padding boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(hex(sha256(text))).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
    for (let length = 0; length <= 192; length++) expect(hex(sha256('x'.repeat(length)))).toBe(createHash('sha256').update('x'.repeat(length)).digest('hex'));
    // FIPS 180-4's example "abc", and a text longer than the scratch space it starts with.
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256('喵'.repeat(1000)))).toBe(createHash('sha256').update('喵'.repeat(1000)).digest('hex'));
  });
});
