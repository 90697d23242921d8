// The one place that imports zod: the functional zod/mini build, which tree-shakes to what is used.
// zod/mini carries no messages of its own; the English locale gives the same default texts as classic
// zod did (API answers show them in error.details.fields). Import as `import * as z from '…/validation'`.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
