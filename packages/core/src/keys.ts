/**
 * Names of the cells the mechanics use, in one place so that every store and every read model
 * agrees on them. Player ids never contain `|` (the API refuses them).
 */
export const accounts = {
  /** Where candy is minted from; the only account that may go negative. */
  issuance: 'issuance',
  /** Where candy spent on boxes goes. */
  redeemed: 'redeemed',
  player: (playerId: string) => `player|${playerId}`,
};

export const isUnboundedAccount = (account: string) => account === accounts.issuance;

export const counters = {
  earnedOn: (player: string, day: string) => `earned|${player}|${day}`,
  taskOn: (player: string, task: string, day: string) => `task|${player}|${task}|${day}`,
  taskTotal: (player: string, task: string) => `task|${player}|${task}`,
  tasksDone: (player: string) => `tasks-done|${player}`,
  boxesEarned: (player: string, box: string) => `box-earned|${player}|${box}`,
  boxesOpened: (player: string, box: string) => `box-opened|${player}|${box}`,
  /** Earned boxes opened: apart from `boxesOpened`, so a bought box never uses up an earned one. */
  earnedBoxesOpened: (player: string, box: string) => `box-used|${player}|${box}`,
  boxOpenedOn: (player: string, box: string, day: string) => `box-opened|${player}|${box}|${day}`,
  stockUsed: (box: string, reward: string) => `stock|${box}|${reward}`,
  assistsReceivedOn: (inviter: string, day: string) => `assists-in|${inviter}|${day}`,
  assistsGivenOn: (friend: string, day: string) => `assists-out|${friend}|${day}`,
  assistPair: (inviter: string, friend: string) => `pair|${inviter}|${friend}`,
};

export const records = {
  browseTicket: (player: string, task: string) => `browse|${player}|${task}`,
  checkin: (player: string, task: string) => `checkin|${player}|${task}`,
  shareCodeOf: (player: string) => `share|${player}`,
  sharer: (shareId: string) => `sharer|${shareId}`,
  assistPrefix: (inviter: string) => `assist|${inviter}|`,
  assist: (inviter: string, friend: string) => `assist|${inviter}|${friend}`,
};

export const PLAYER_ID = /^[^|\u0000-\u001f]{1,128}$/;
