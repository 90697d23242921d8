ALTER TABLE `events` ADD `venue_latitude` real;--> statement-breakpoint
ALTER TABLE `events` ADD `venue_longitude` real;