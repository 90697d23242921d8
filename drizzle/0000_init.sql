CREATE TABLE `admin_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` text NOT NULL,
	`scope` text NOT NULL,
	`granted` integer NOT NULL,
	`policy_version` text NOT NULL,
	`source` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_order_scope` ON `consents` (`order_id`,`scope`,`id`);--> statement-breakpoint
CREATE TABLE `demo_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`status` text NOT NULL,
	`payment_status` text NOT NULL,
	`payment_intent_id` text NOT NULL,
	`amount_total` integer NOT NULL,
	`currency` text NOT NULL,
	`customer_email` text NOT NULL,
	`success_url` text NOT NULL,
	`cancel_url` text NOT NULL,
	`expires_at` integer NOT NULL,
	`refunded_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`role` text DEFAULT 'host' NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_token_hash_unique` ON `devices` (`token_hash`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`venue` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`host_name` text DEFAULT '' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`timezone` text NOT NULL,
	`price_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`capacity` integer NOT NULL,
	`sales_close_at` integer,
	`status` text DEFAULT 'on_sale' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_slug_unique` ON `events` (`slug`);--> statement-breakpoint
CREATE TABLE `export_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`actor` text NOT NULL,
	`format` text NOT NULL,
	`filter` text NOT NULL,
	`rows` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `greetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`device_id` text NOT NULL,
	`client_nonce` text NOT NULL,
	`ticket_id` text NOT NULL,
	`kind` text NOT NULL,
	`device_time` integer NOT NULL,
	`server_time` integer NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `greetings_client_nonce_unique` ON `greetings` (`client_nonce`);--> statement-breakpoint
CREATE INDEX `greetings_event_ticket` ON `greetings` (`event_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `greetings_event_id` ON `greetings` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`linkedin` text DEFAULT '' NOT NULL,
	`ask_me_about` text DEFAULT '' NOT NULL,
	`locale` text DEFAULT 'de' NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`provider` text NOT NULL,
	`provider_session_id` text,
	`provider_payment_id` text,
	`hold_expires_at` integer NOT NULL,
	`paid_at` integer,
	`refunded_at` integer,
	`refund_reason` text,
	`invoice_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_provider_session_id_unique` ON `orders` (`provider_session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_provider_payment_id_unique` ON `orders` (`provider_payment_id`);--> statement-breakpoint
CREATE INDEX `orders_event_status` ON `orders` (`event_id`,`status`,`hold_expires_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`provider_id` text,
	`sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `pairing_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`device_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`device_id` text,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `processed_webhooks` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`processed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`device_id` text NOT NULL,
	`client_nonce` text NOT NULL,
	`ticket_id` text,
	`kind` text NOT NULL,
	`result` text NOT NULL,
	`device_time` integer NOT NULL,
	`server_time` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scans_client_nonce_unique` ON `scans` (`client_nonce`);--> statement-breakpoint
CREATE INDEX `scans_event_ticket` ON `scans` (`event_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `scans_event_id` ON `scans` (`event_id`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`company` text DEFAULT '' NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`linkedin` text DEFAULT '' NOT NULL,
	`ask_me_about` text DEFAULT '' NOT NULL,
	`qr_secret` text NOT NULL,
	`qr_hash` text NOT NULL,
	`token` text NOT NULL,
	`token_hash` text NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`voided_at` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_order_id_unique` ON `tickets` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_qr_hash_unique` ON `tickets` (`qr_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_token_hash_unique` ON `tickets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `tickets_event_updated` ON `tickets` (`event_id`,`updated_at`);