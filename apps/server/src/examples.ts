import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem, PublishRefused, validateCampaign, type Store } from '@carnival/core';

export interface ExampleLog {
  info(message: string): void;
  error(message: string): void;
}

/**
 * Publishes every campaign definition in a directory of `*.json` files, in name order. An
 * invalid definition, or one the store refuses (it changes a lottery already frozen), is reported
 * with its path and why and skipped, so one broken example does not keep the server from starting. Returns the published campaign ids.
 *
 * @example
 * if ((await store.campaigns()).length === 0) await publishExamples(store, 'examples', console);
 */
export async function publishExamples(store: Store, dir: string, log: ExampleLog): Promise<string[]> {
  const published: string[] = [];
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  for (const name of files) {
    const path = join(dir, name);
    let document: unknown;
    try {
      document = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      log.error(`${path}: not valid JSON (${(error as Error).message}); skipped`);
      continue;
    }
    const checked = validateCampaign(document);
    if (!checked.ok) {
      log.error(`${path}: not a valid campaign definition; skipped\n${checked.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
      continue;
    }
    let result;
    try {
      result = await store.publish(checked.value);
    } catch (error) {
      if (!(error instanceof PublishRefused)) throw error;
      log.error(`${path}: not published, the store keeps its latest version: ${error.message}`);
      continue;
    }
    log.info(`Published ${result.campaignId} v${result.version} from ${path}`);
    published.push(result.campaignId);
  }
  return published;
}
