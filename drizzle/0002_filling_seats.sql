CREATE TABLE `access_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`max_uses` integer NOT NULL,
	`expires_at` integer,
	`unlocks_sale` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_codes_event_code` ON `access_codes` (`event_id`,`code`);--> statement-breakpoint
CREATE TABLE `ticket_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text NOT NULL,
	`from_ticket_id` text NOT NULL,
	`to_ticket_id` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_transfers_from_ticket_id_unique` ON `ticket_transfers` (`from_ticket_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_transfers_to_ticket_id_unique` ON `ticket_transfers` (`to_ticket_id`);--> statement-breakpoint
CREATE INDEX `ticket_transfers_order` ON `ticket_transfers` (`order_id`,`id`);--> statement-breakpoint
CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`ask_me_about` text DEFAULT '' NOT NULL,
	`locale` text DEFAULT 'de' NOT NULL,
	`consent_host` integer DEFAULT false NOT NULL,
	`consent_guests` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`token_hash` text NOT NULL,
	`offer_token_hash` text,
	`order_id` text,
	`offered_by` text,
	`offered_at` integer,
	`offer_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`anonymized_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_token_hash_unique` ON `waitlist_entries` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_entries_offer_token_hash_unique` ON `waitlist_entries` (`offer_token_hash`);--> statement-breakpoint
CREATE INDEX `waitlist_event_state` ON `waitlist_entries` (`event_id`,`state`,`position`);--> statement-breakpoint
CREATE INDEX `waitlist_order` ON `waitlist_entries` (`order_id`);--> statement-breakpoint
DROP INDEX `tickets_order_id_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_order_valid` ON `tickets` (`order_id`) WHERE status = 'valid';--> statement-breakpoint
CREATE INDEX `tickets_order` ON `tickets` (`order_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `sales_open_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `offer_hours` integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `transfer_until` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `cancel_until_days` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `cancel_refund_percent` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `refunded_cents` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `code_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `orders_code` ON `orders` (`code_id`,`status`);--> statement-breakpoint
-- Custom SQL (hand-added, not generated): dinners from before this migration get the default transfer cut-off, the start of the dinner.
UPDATE `events` SET `transfer_until` = `starts_at`;
