CREATE TABLE `deletion_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`order_id` text,
	`reason` text NOT NULL,
	`rows` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `klicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`from_ticket_id` text NOT NULL,
	`to_ticket_id` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `klicks_event_from` ON `klicks` (`event_id`,`from_ticket_id`,`to_ticket_id`,`id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `anonymized_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `table_label` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `anonymized_at` integer;