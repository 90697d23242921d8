import type { Context } from 'hono';
import type { Deps } from '../deps';
import { AppError } from './errors';
import type { Lang } from './i18n';
import type * as z from './validation';

export type AppEnv = { Variables: { deps: Deps; lang: Lang } };
export type Ctx = Context<AppEnv>;

function invalid(error: z.core.$ZodError): AppError {
  const fields = Object.fromEntries(error.issues.map((i) => [i.path.join('.') || '_', i.message]));
  return new AppError('invalid_input', 'The input is not valid.', { fields });
}

export function validate<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export async function readJson<S extends z.ZodMiniType>(c: Context, schema: S, raw?: string): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = raw === undefined ? await c.req.json() : JSON.parse(raw);
  } catch {
    throw new AppError('invalid_input', 'The body must be JSON.');
  }
  return validate(schema, body);
}

/**
 * Form fields as strings; a repeated or file field is refused rather than guessed at. A URL-encoded form (what every
 * page of klick posts) is parsed from the body's text: on Node that skips building a full WHATWG Request and its
 * FormData for each post, a measurable share of a purchase attempt (bench/purchase.ts). Same parser, same fields.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  let entries: Iterable<[string, FormDataEntryValue]>;
  try {
    entries = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)
      ? new URLSearchParams(await c.req.text())
      : (await c.req.formData()).entries();
  } catch {
    throw new AppError('invalid_input', 'The form could not be read.');
  }
  // no prototype: a field named __proto__ is a field like any other
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new AppError('invalid_input', `Field ${k} must be text.`);
    // Which of two values a reader takes differs between frameworks; a form of ours never repeats a name.
    if (Object.hasOwn(out, k)) throw new AppError('invalid_input', `Field ${k} is repeated.`);
    out[k] = v;
  }
  return out;
}

export const wantsJson = (c: Context) => {
  const path = new URL(c.req.url).pathname;
  return path.startsWith('/api/') || path.startsWith('/webhooks/');
};
