// The one place that imports zod: the functional zod/mini build, which tree-shakes to what is used.
// zod/mini carries no messages of its own. Its English locale costs 1 KiB of the Worker's gzip budget for
// formats klick never checks, so the few API messages (error.details.fields) are written here instead; guest
// and organizer forms show their own German and English texts. Import as `import * as z from '…/validation'`.
import type { core } from 'zod/mini';
import { config, maxLength, minLength, refine, string, trim } from 'zod/mini';

const UNIT: Record<string, string> = { string: 'characters', array: 'items' };
const FORMAT: Record<string, string> = {
  email: 'email address',
  url: 'URL',
  datetime: 'ISO datetime',
  regex: 'format',
};

config({
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return `Invalid input: expected ${issue.expected}`;
      case 'invalid_value':
        return `Invalid option: expected one of ${issue.values.map((v) => JSON.stringify(v)).join('|')}`;
      case 'too_big':
      case 'too_small': {
        const big = issue.code === 'too_big';
        const bound = big ? issue.maximum : issue.minimum;
        const op = issue.exact ? 'exactly ' : issue.inclusive ? (big ? '<=' : '>=') : big ? '<' : '>';
        const unit = UNIT[issue.origin ?? ''];
        return `Too ${big ? 'big' : 'small'}: expected ${issue.origin ?? 'value'} to ${unit ? 'have' : 'be'} ${op}${bound}${unit ? ` ${unit}` : ''}`;
      }
      case 'invalid_format':
        return `Invalid ${FORMAT[issue.format] ?? issue.format}`;
      case 'unrecognized_keys':
        return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
      default:
        return 'Invalid input';
    }
  },
});

export * from 'zod/mini';

/**
 * THE rule for text a person types into klick, guests and organizers alike, forms and JSON alike: every such
 * field is a `text(…)` (purchase form, event form and API, table label, device names, greeting notes, and
 * whatever form comes next). Refused, never silently cut or stripped:
 * - control characters: C0 (NUL included: it cuts a name short in some readers), DEL and C1;
 * - line and paragraph separators (U+2028, U+2029);
 * - bidirectional embeddings and overrides U+202A–202E and isolates U+2066–2069, which make text read differently
 *   from how it is stored ("Trojan Source"); the plain marks U+200E/200F that Arabic and Hebrew need stay allowed;
 * - half a surrogate pair, which no UTF-8 file can hold.
 * Single-line fields refuse every line break. `multiline` (the event description, a textarea) allows tab, LF and
 * CR, the line breaks a textarea sends. Values are trimmed first.
 */
const FORBIDDEN = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const SINGLE_LINE_BAD = new RegExp(`[${FORBIDDEN}]|${LONE_SURROGATE}`);
const MULTI_LINE_BAD = new RegExp(`(?![\\t\\n\\r])[${FORBIDDEN}]|${LONE_SURROGATE}`);

/** What an API answers for such a field; pages show their own German or English text (see isTextRuleIssue). */
export const TEXT_RULE_MESSAGE = 'must not contain control characters, line breaks or text-direction overrides';

export function hasForbiddenChars(value: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE_BAD : SINGLE_LINE_BAD).test(value);
}

export interface TextOptions {
  max: number;
  /** at least this many characters after trimming; 1 makes the field required */
  min?: number;
  /** tab and line breaks allowed (a textarea such as the event description) */
  multiline?: boolean;
  /** messages for the length checks, where a form wants its own keys */
  tooShort?: string;
  tooLong?: string;
}

export function text(o: TextOptions) {
  return string().check(
    trim(),
    refine((v: string) => !hasForbiddenChars(v, o.multiline), { message: TEXT_RULE_MESSAGE, params: { rule: 'text' } }),
    ...(o.min ? [minLength(o.min, o.tooShort)] : []),
    maxLength(o.max, o.tooLong),
  );
}

/** The issue `text()` raises for a forbidden character, so a page can say it in the reader's language. */
export const isTextRuleIssue = (issue: core.$ZodIssue) =>
  issue.code === 'custom' && (issue as core.$ZodIssueCustom).params?.rule === 'text';

/**
 * A guest form's errors as { field: message key } for the page (lib/messages.ts): the schema's own key, or
 * `invalidChars` for the text rule. The first problem of a field is the one shown.
 */
export function formFieldErrors(issues: core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[String(i.path[0] ?? '_')] ??= isTextRuleIssue(i) ? 'invalidChars' : i.message;
  return out;
}
