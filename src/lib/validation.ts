// The one place that imports zod: the functional zod/mini build, which tree-shakes to what is used.
// zod/mini carries no messages of its own. Its English locale costs 1 KiB of the Worker's gzip budget for
// formats klick never checks, so the few API messages (error.details.fields) are written here instead; guest
// and organizer forms show their own German and English texts. Import as `import * as z from '…/validation'`.
import { config } from 'zod/mini';

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
