import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
afterEach(() => t?.close());

describe('accessibility statement (/accessibility)', () => {
  it('states conformance, limitations, the feedback contact and the enforcement body, in German and English', async () => {
    t = await makeTestApp({ ACCESSIBILITY_CONTACT: 'barrierefrei@example.com' });
    const de = await (await t.request('/accessibility')).text();
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('Erklärung zur Barrierefreiheit');
    expect(de).toContain('WCAG) 2.1, Stufe AA');
    expect(de).toContain('Bekannte Einschränkungen');
    expect(de).toContain('<a href="mailto:barrierefrei@example.com">barrierefrei@example.com</a>');
    expect(de).toContain(
      'Marktüberwachungsstelle der Länder für die Barrierefreiheit von Produkten und Dienstleistungen (MLBF)',
    );
    const en = await (await t.request('/accessibility?lang=en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Accessibility statement');
    expect(en).toContain('Known limitations');
    expect(en).toContain('mailto:barrierefrei@example.com');
  });

  it('links a web address, keeps other text as text, and says whom to ask when no contact is set', async () => {
    t = await makeTestApp({ ACCESSIBILITY_CONTACT: 'https://example.com/kontakt' });
    expect(await (await t.request('/accessibility')).text()).toContain('<a href="https://example.com/kontakt">');
    t.close();
    t = await makeTestApp({ ACCESSIBILITY_CONTACT: 'Erika Muster, Tel. 069 123456' });
    const text = await (await t.request('/accessibility')).text();
    expect(text).toContain('Erika Muster, Tel. 069 123456');
    expect(text).not.toContain('mailto:');
    t.close();
    t = await makeTestApp();
    expect(await (await t.request('/accessibility')).text()).toContain(
      'Der Veranstalter hat noch keinen Kontakt eingetragen',
    );
  });

  it('is linked from the footer of the guest pages', async () => {
    t = await makeTestApp();
    const page = await (await t.request('/e/no-such-dinner')).text();
    expect(page).toMatch(/<footer><a href="\/accessibility">Barrierefreiheit<\/a>/);
  });
});
