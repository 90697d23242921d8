import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/config';

const prod = { ENVIRONMENT: 'production', PUBLIC_URL: 'https://tickets.example.com' };
const settingsError = (env: Record<string, string>) => {
  try {
    parseSettings(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('settings that must fail at startup', () => {
  it('PUBLIC_URL is required in production, so no guessed origin reaches links and mails', () => {
    expect(settingsError({ ENVIRONMENT: 'production' })).toBe(
      'Invalid settings:\nPUBLIC_URL: required when ENVIRONMENT=production (e.g. https://tickets.example.com)',
    );
    // links are built as PUBLIC_URL + path: a scheme other than http(s) or a path of its own would break them all
    for (const PUBLIC_URL of ['ftp://tickets.example.com', 'https://tickets.example.com/klick'])
      expect(settingsError({ ...prod, PUBLIC_URL }), PUBLIC_URL).toContain('PUBLIC_URL: the site address guests use');
    expect(settingsError({ ...prod, PUBLIC_URL: 'https://tickets.example.com/' })).toBeNull();
    expect(settingsError({ ENVIRONMENT: 'production', PUBLIC_URL: '' })).toContain('PUBLIC_URL');
    expect(settingsError(prod)).toBeNull();
    expect(settingsError({ ENVIRONMENT: 'development' })).toBeNull();
  });

  it('only one of the two Stripe secrets', () => {
    const halves: Record<string, string>[] = [{ STRIPE_SECRET_KEY: 'sk_test_1' }, { STRIPE_WEBHOOK_SECRET: 'whsec_1' }];
    for (const one of halves) {
      for (const env of [{ ...prod, ...one }, one])
        expect(settingsError(env)).toBe(
          'Invalid settings:\nSTRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: set both or neither',
        );
    }
    expect(settingsError({ ...prod, STRIPE_SECRET_KEY: 'sk_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' })).toBeNull();
  });

  it('a Resend key with the placeholder sender fails in production', () => {
    expect(settingsError({ ...prod, RESEND_API_KEY: 're_1' })).toBe(
      'Invalid settings:\nMAIL_FROM: set a sender on your own domain to send mail with RESEND_API_KEY',
    );
    expect(settingsError({ ...prod, RESEND_API_KEY: 're_1', MAIL_FROM: 'x <t@klick.invalid>' })).toContain('MAIL_FROM');
    expect(settingsError({ ...prod, RESEND_API_KEY: 're_1', MAIL_FROM: 'klick <tickets@example.com>' })).toBeNull();
    // development may try the adapter against a fake with the placeholder
    expect(settingsError({ RESEND_API_KEY: 're_1' })).toBeNull();
  });

  it('lists every problem at once, and malformed values as before', () => {
    const all = settingsError({ ENVIRONMENT: 'production', STRIPE_SECRET_KEY: 'sk', RESEND_API_KEY: 're' })!;
    expect(all.split('\n')).toHaveLength(4);
    expect(settingsError({ PUBLIC_URL: 'not a url' })).toMatch(/^Invalid settings:\nPUBLIC_URL: /);
  });
});
