import type { Outcome, PlayerState } from '../api.ts';
import { command } from '../api.ts';
import type { Play } from '../play.ts';
import { Icon, type IconName } from './icons.tsx';
import { ActionButton, Card } from './kit.tsx';

type Task = PlayerState['tasks'][number];

const ICONS: Record<Task['kind'], IconName> = { browse: 'eye', checkin: 'calendar', action: 'star' };

/** The receipt of a completion, as the shopper reads it: candy in, and a cap that cut it. */
function creditMessage(play: Play, outcome: Outcome): string | undefined {
  if (outcome.type !== 'task.completed') return undefined;
  const { requested, credited } = outcome.candy;
  return credited < requested ? play.t('candyCapped', { credited }) : play.t('candyGained', { candy: credited });
}

/** Why a task cannot be done now, in a line under its title. */
function taskNote(play: Play, task: Task): string | undefined {
  const { t } = play;
  if (task.status === 'closed') return task.opensAt ? t('opensAt', { at: play.when(task.opensAt) }) : t('closedForGood');
  if (task.status === 'done') {
    if (task.limits.perDay !== undefined && task.doneToday >= task.limits.perDay) return t('taskDoneToday', { done: task.doneToday, limit: task.limits.perDay });
    return t('taskDoneForGood');
  }
  if (task.hostVerified) return t('taskHostVerified');
  if (task.doneToday > 0 && task.limits.perDay !== undefined) return t('taskDoneToday', { done: task.doneToday, limit: task.limits.perDay });
  if (task.streak) return task.streak.checkedInToday ? t('streakToday') : task.streak.days > 0 ? t('streak', { days: task.streak.days }) : undefined;
  return undefined;
}

function TaskAction({ play, task }: { play: Play; task: Task }) {
  const { t, client, campaignId } = play;
  const param = { campaignId, taskId: task.id };
  const endpoint = client.v1.campaigns[':campaignId'].tasks[':taskId'];
  const complete = () =>
    play.act(command(client, task.id, (header) => endpoint.complete.$post({ param, header })), (receipt) => creditMessage(play, receipt.outcome));
  if (task.status === 'done') return <span class="state done with-icon">
        <Icon name="check" size={16} /> {t('taskDone')}
      </span>;
  if (task.status === 'closed') return <span class="state locked">
        <Icon name="lock" />
      </span>;
  if (task.hostVerified) return <span class="state waiting">{t('taskWaiting')}</span>;
  if (task.kind === 'browse') {
    const readyAt = task.browse && 'readyAt' in task.browse ? Date.parse(task.browse.readyAt) : undefined;
    if (readyAt === undefined) {
      const start = () => play.act(command(client, `${task.id}-start`, (header) => endpoint.start.$post({ param, header })));
      return <ActionButton label={`${t('taskBrowse')} ${task.browse?.seconds ?? ''}s`} onAct={start} testId={`task-${task.id}`} />;
    }
    const left = Math.ceil((readyAt - play.now) / 1000);
    // Still tappable while the timer runs: the server has the last word, and says how long is left.
    return left > 0 && task.status !== 'ready' ? (
      <ActionButton label={t('taskBrowsing', { seconds: left })} onAct={complete} kind="ghost" testId={`task-${task.id}`} />
    ) : (
      <ActionButton label={`${t('taskClaim')} +${task.reward}`} onAct={complete} testId={`task-${task.id}`} />
    );
  }
  return <ActionButton label={task.kind === 'checkin' ? t('taskCheckin') : t('taskDo')} onAct={complete} testId={`task-${task.id}`} />;
}

export function Tasks({ play }: { play: Play }) {
  // Open tasks first, then done, then locked: what can be done now is what the shopper looks for.
  const order: Record<Task['status'], number> = { ready: 0, 'in-progress': 1, open: 2, done: 3, closed: 4 };
  const tasks = [...play.me.tasks].sort((a, b) => order[a.status] - order[b.status]);
  const { earnedToday, dailyEarnCap } = play.me.candy;
  // Past the cap a task still counts (boxes, streaks, tickets) but pays no candy: say so before a daily task is spent on it.
  const capped = dailyEarnCap !== null && earnedToday >= dailyEarnCap;
  return (
    <Card title={play.t('tasksTitle')} id="tasks">
      {capped && (
        <div class="banner" data-testid="cap-reached">
          <div class="grow">{play.t('capReached')}</div>
        </div>
      )}
      <ul class="list">
        {tasks.map((task) => {
          const note = taskNote(play, task);
          return (
            <li class={`row task ${task.status}`} data-testid={`task-row-${task.id}`} key={task.id}>
              <span class="icon">
                <Icon name={ICONS[task.kind]} />
              </span>
              <div class="grow">
                <div class="row-title">{play.title(task.title)}</div>
                <div class="row-sub">
                  <span class="reward with-icon">
                    <Icon name="candy" size={14} />+{task.reward}
                  </span>
                  {note && <span class="note">{note}</span>}
                </div>
              </div>
              <TaskAction play={play} task={task} />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
