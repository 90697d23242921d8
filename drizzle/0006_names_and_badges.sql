CREATE TABLE `badge_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`code` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `badge_codes_code_hash_unique` ON `badge_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `badge_codes_ticket` ON `badge_codes` (`ticket_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `badge_codes_ticket_live` ON `badge_codes` (`ticket_id`) WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE TABLE `badge_prints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`via` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `badge_prints_event_ticket` ON `badge_prints` (`event_id`,`ticket_id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `given_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `family_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `badge` text DEFAULT 'name' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `given_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `family_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `badge` text DEFAULT 'name' NOT NULL;--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `given_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `family_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Hand-written data migration (not generated): split each existing single name into given and family name.
-- The rule (README "Names"): a trailing word without any letter or digit (an emoji, say) stays with the name's last
-- part; "Family, Given" (a comma) is taken at its word; otherwise, for a name with a space, a name written in Chinese, Japanese or Korean script (and no Latin letters)
-- is read family name first (山田 太郎 → family 山田, given 太郎), any other the last word as family name and
-- the rest as given name (Anna Maria Schmidt → Anna Maria / Schmidt); a name without any space stays whole as
-- the given name with an empty family name (山田太郎, Madonna): no rule splits it safely, and the badge then shows
-- the whole name large.
UPDATE `orders` SET `given_name` = s.g, `family_name` = s.f FROM (
  SELECT id,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, instr(w, ',') + 1)) WHEN instr(core, ' ') = 0 THEN w WHEN cjk THEN trim(substr(core, instr(core, ' ') + 1)) || tail ELSE rtrim(head) END AS g,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, 1, instr(w, ',') - 1)) WHEN instr(core, ' ') = 0 THEN '' WHEN cjk THEN substr(core, 1, instr(core, ' ') - 1) ELSE substr(core, length(head) + 1) || tail END AS f
  FROM (
    SELECT id, w, core, tail, rtrim(core, replace(core, ' ', '')) AS head,
      (core GLOB '*[一-鿿㐀-䶿぀-ヿ가-힯]*' AND core NOT GLOB '*[A-Za-zÀ-ɏ]*') AS cjk
    FROM (
      SELECT id, w,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN w ELSE rtrim(substr(w, 1, length(w) - length(lastw))) END AS core,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN '' ELSE ' ' || lastw END AS tail
      FROM (SELECT id, w, substr(w, length(rtrim(w, replace(w, ' ', ''))) + 1) AS lastw FROM (SELECT id, trim(name) AS w FROM `orders`))
    )
  )
) AS s WHERE `orders`.id = s.id;
--> statement-breakpoint
UPDATE `tickets` SET `given_name` = s.g, `family_name` = s.f FROM (
  SELECT id,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, instr(w, ',') + 1)) WHEN instr(core, ' ') = 0 THEN w WHEN cjk THEN trim(substr(core, instr(core, ' ') + 1)) || tail ELSE rtrim(head) END AS g,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, 1, instr(w, ',') - 1)) WHEN instr(core, ' ') = 0 THEN '' WHEN cjk THEN substr(core, 1, instr(core, ' ') - 1) ELSE substr(core, length(head) + 1) || tail END AS f
  FROM (
    SELECT id, w, core, tail, rtrim(core, replace(core, ' ', '')) AS head,
      (core GLOB '*[一-鿿㐀-䶿぀-ヿ가-힯]*' AND core NOT GLOB '*[A-Za-zÀ-ɏ]*') AS cjk
    FROM (
      SELECT id, w,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN w ELSE rtrim(substr(w, 1, length(w) - length(lastw))) END AS core,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN '' ELSE ' ' || lastw END AS tail
      FROM (SELECT id, w, substr(w, length(rtrim(w, replace(w, ' ', ''))) + 1) AS lastw FROM (SELECT id, trim(name) AS w FROM `tickets`))
    )
  )
) AS s WHERE `tickets`.id = s.id;
--> statement-breakpoint
UPDATE `waitlist_entries` SET `given_name` = s.g, `family_name` = s.f FROM (
  SELECT id,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, instr(w, ',') + 1)) WHEN instr(core, ' ') = 0 THEN w WHEN cjk THEN trim(substr(core, instr(core, ' ') + 1)) || tail ELSE rtrim(head) END AS g,
    CASE WHEN instr(w, ',') > 1 THEN trim(substr(w, 1, instr(w, ',') - 1)) WHEN instr(core, ' ') = 0 THEN '' WHEN cjk THEN substr(core, 1, instr(core, ' ') - 1) ELSE substr(core, length(head) + 1) || tail END AS f
  FROM (
    SELECT id, w, core, tail, rtrim(core, replace(core, ' ', '')) AS head,
      (core GLOB '*[一-鿿㐀-䶿぀-ヿ가-힯]*' AND core NOT GLOB '*[A-Za-zÀ-ɏ]*') AS cjk
    FROM (
      SELECT id, w,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN w ELSE rtrim(substr(w, 1, length(w) - length(lastw))) END AS core,
        CASE WHEN lastw = '' OR lastw = w OR lastw GLOB '*[0-9A-Za-zÀ-ɏͰ-ԯ֐-ۿ぀-ヿ㐀-鿿가-힯]*' THEN '' ELSE ' ' || lastw END AS tail
      FROM (SELECT id, w, substr(w, length(rtrim(w, replace(w, ' ', ''))) + 1) AS lastw FROM (SELECT id, trim(name) AS w FROM `waitlist_entries`))
    )
  )
) AS s WHERE `waitlist_entries`.id = s.id;
