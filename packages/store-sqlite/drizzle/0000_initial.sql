CREATE TABLE `balances` (
	`campaign_id` text NOT NULL,
	`scope` text NOT NULL,
	`name` text NOT NULL,
	`balance` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `scope`, `name`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `campaign_versions` (
	`campaign_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`canonical` text NOT NULL,
	`published_at` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `version`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`seed` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `commands` (
	`campaign_id` text NOT NULL,
	`player_id` text NOT NULL,
	`key` text NOT NULL,
	`payload` text NOT NULL,
	`receipt` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `player_id`, `key`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `counters` (
	`campaign_id` text NOT NULL,
	`scope` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `scope`, `name`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`version` integer NOT NULL,
	`player_id` text NOT NULL,
	`command_key` text NOT NULL,
	`from_account` text NOT NULL,
	`to_account` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`memo` text,
	`at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_entries_from` ON `ledger_entries` (`campaign_id`,`from_account`);--> statement-breakpoint
CREATE INDEX `ledger_entries_to` ON `ledger_entries` (`campaign_id`,`to_account`);--> statement-breakpoint
CREATE TABLE `records` (
	`campaign_id` text NOT NULL,
	`scope` text NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `scope`, `name`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
