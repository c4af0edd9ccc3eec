import type { Client, Definition, PlayerState, Result } from './api.ts';
import type { Lang, MessageKey, Vars } from './i18n.ts';

/** What every section of the page is given: the shopper's state, words, formatters and how to act. */
export interface Play {
  lang: Lang;
  campaignId: string;
  definition: Definition;
  me: PlayerState;
  client: Client;
  /** The campaign clock as the page estimates it between reads (ticks only when the server's does). */
  now: number;
  t(key: MessageKey, vars?: Vars): string;
  /** A definition title in the page's language. */
  title(text: string): string;
  money(cents: number): string;
  when(instant: string | number): string;
  /**
   * Runs a command: on success shows what `success` says (if anything) and reads the state
   * again; on a refusal shows the friendly message. Never throws.
   */
  act<T>(request: Promise<Result<T>>, success?: (value: T) => string | undefined): Promise<T | undefined>;
  notify(text: string, kind?: 'ok' | 'error'): void;
}
