import type { Lang } from '../lib/i18n';
import { termsHref } from '../lib/layout';
import { type AddressForm, t } from '../lib/messages';
import { BADGE_CHOICES, type BadgeChoice } from './schema';

type Values = Record<string, string>;
type Errors = Record<string, string>;

/**
 * The guest forms' inputs (purchase, waitlist, offer, passing a seat on): every field with its visible label,
 * its error next to it and linked by aria-describedby, values echoed back. Error codes are message keys.
 */
export function formKit(lang: Lang, values: Values = {}, errors: Errors = {}, form?: AddressForm) {
  const m = t(lang, form);
  const fieldError = (name: string) => {
    const code = errors[name];
    if (!code) return null;
    const text = (m as unknown as Record<string, unknown>)[code];
    return (
      <p class="field-error" id={`${name}-error`}>
        {typeof text === 'string' ? text : m.invalidValue}
      </p>
    );
  };
  const invalid = (name: string) => (errors[name] ? 'true' : undefined);
  const describedBy = (name: string) => (errors[name] ? `${name}-error` : undefined);
  const input = (name: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={values[name] ?? ''}
        aria-invalid={invalid(name)}
        aria-describedby={describedBy(name)}
        {...extra}
      />
      {fieldError(name)}
    </>
  );
  const check = (name: string, label: string) => (
    <>
      <label class="check" for={name}>
        <input
          id={name}
          name={name}
          type="checkbox"
          checked={values[name] === 'on'}
          aria-invalid={invalid(name)}
          aria-describedby={describedBy(name)}
        />
        <span>{label}</span>
      </label>
      {fieldError(name)}
    </>
  );
  const summary = Object.keys(errors).length ? (
    <p class="msg error" role="alert">
      {m.fixErrors}
    </p>
  ) : null;
  return { input, check, summary };
}

/** 'name' is the given and the family name, in that order; 'badge' what the guest's name badge may show. */
export type Field = 'name' | 'email' | 'company' | 'role' | 'phone' | 'linkedin' | 'askMeAbout' | 'badge';

/** The person fields of the purchase form, in its order; a form picks the ones it asks for. */
export function PersonFields(props: {
  lang: Lang;
  form?: AddressForm;
  values?: Values;
  errors?: Errors;
  fields: Field[];
}) {
  const m = t(props.lang, props.form);
  const { input } = formKit(props.lang, props.values, props.errors, props.form);
  const all: Record<Field, () => unknown> = {
    name: () => (
      <>
        {input('givenName', m.names.given, 'text', { autocomplete: 'given-name', required: true, maxlength: 60 })}
        {input('familyName', m.names.family, 'text', { autocomplete: 'family-name', required: true, maxlength: 60 })}
        <p class="hint">{m.names.hint}</p>
      </>
    ),
    email: () => input('email', m.email, 'email', { autocomplete: 'email', required: true, maxlength: 254 }),
    company: () =>
      input('company', m.company, 'text', { autocomplete: 'organization', required: true, maxlength: 160 }),
    role: () => input('role', m.role, 'text', { autocomplete: 'organization-title', required: true, maxlength: 160 }),
    phone: () => input('phone', m.phone, 'tel', { autocomplete: 'tel', maxlength: 40 }),
    linkedin: () =>
      input('linkedin', m.linkedin, 'url', { maxlength: 300, placeholder: 'https://www.linkedin.com/in/…' }),
    askMeAbout: () => (
      <>
        {input('askMeAbout', m.askMeAbout, 'text', { maxlength: 200 })}
        <p class="hint">{m.askMeAboutHint}</p>
      </>
    ),
    badge: () => <BadgeChoiceField lang={props.lang} value={props.values?.badge} />,
  };
  return <>{props.fields.map((f) => all[f]())}</>;
}

/** The two unticked consent boxes and the terms, as on the purchase form. `policy`: the dinner's own terms. */
export function ConsentAndTerms(props: {
  lang: Lang;
  form?: AddressForm;
  values?: Values;
  errors?: Errors;
  policy?: string;
}) {
  const m = t(props.lang, props.form);
  const { check } = formKit(props.lang, props.values, props.errors, props.form);
  return (
    <>
      {check('consentHost', m.consentHost)}
      {check('consentGuests', m.consentGuests)}
      <p class="hint">{m.consentNote}</p>
      {check('terms', m.terms)}
      {props.policy ? <p class="hint">{props.policy}</p> : null}
      <p class="hint">
        <a href={termsHref(props.lang, props.form)} target="_blank" rel="noopener">
          {m.termsLink}
        </a>
      </p>
    </>
  );
}

/** The purchase form's inputs, for the event page and the waitlist's offer. */
export function PurchaseFields(props: {
  lang: Lang;
  form?: AddressForm;
  values?: Values;
  errors?: Errors;
  policy?: string;
}) {
  const m = t(props.lang, props.form);
  const { input, summary } = formKit(props.lang, props.values, props.errors, props.form);
  return (
    <>
      {summary}
      <PersonFields
        {...props}
        fields={['name', 'email', 'company', 'role', 'phone', 'linkedin', 'askMeAbout', 'badge']}
      />
      {input('code', m.seats.code, 'text', { maxlength: 40, autocapitalize: 'characters', autocomplete: 'off' })}
      <ConsentAndTerms {...props} />
    </>
  );
}

/** What the guest's name badge shows: a radio group, "name only" unless the guest picks more (privacy by default). */
export function BadgeChoiceField(props: { lang: Lang; value?: string | undefined }) {
  const m = t(props.lang).badge;
  const value = BADGE_CHOICES.includes(props.value as BadgeChoice) ? props.value : 'name';
  return (
    <fieldset class="choice" aria-describedby="badge-hint">
      <legend>{m.legend}</legend>
      {BADGE_CHOICES.map((c) => (
        <label class="check" for={`badge-${c}`}>
          <input id={`badge-${c}`} type="radio" name="badge" value={c} checked={value === c} />
          <span>{m[c]}</span>
        </label>
      ))}
      <p class="hint" id="badge-hint">
        {m.hint}
      </p>
    </fieldset>
  );
}
