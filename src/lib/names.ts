/**
 * A guest gives given name and family name separately (purchase, waitlist and transfer forms), in any script.
 * `name` columns hold the two as shown: family name first for Chinese, Japanese and Korean names written in
 * their own script (山田太郎), given name first for everything else (Anna Schmidt). The badge's large line, the
 * host's greeting and a vCard's N use the parts themselves; nothing splits a shown name again.
 */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN = /\p{Script=Latin}/u;

export interface PersonName {
  givenName: string;
  familyName: string;
}

/** Written family name first: East Asian script and no Latin letters in either part. */
export const familyFirst = (n: PersonName) => {
  const both = `${n.givenName}${n.familyName}`;
  return EAST_ASIAN.test(both) && !LATIN.test(both);
};

export function fullName(n: PersonName): string {
  const given = n.givenName.trim();
  const family = n.familyName.trim();
  // Chinese, Japanese and Korean names are written family name first, without a space (山田太郎, 李小龙)
  if (familyFirst(n)) return `${family}${given}`;
  return [given, family].filter(Boolean).join(' ');
}

/** The name a badge prints large and the host calls the guest by; a row from before given names: the whole name. */
export const firstName = (n: PersonName & { name: string }) => n.givenName.trim() || n.name.trim();
