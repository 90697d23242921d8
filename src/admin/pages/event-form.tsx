import type { Lang } from '../../lib/i18n';
import type { EventFormValues, FieldErrors } from '../event-form';
import { am } from '../messages';
import { CsrfField } from './layout';

/** A short list to pick from; any other IANA name can be typed. */
const COMMON_ZONES = [
  'Europe/Berlin',
  'Europe/Vienna',
  'Europe/Zurich',
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Paris',
  'Europe/London',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Warsaw',
  'America/New_York',
  'UTC',
];

const STATUSES = ['draft', 'on_sale', 'closed', 'cancelled'] as const;

export function EventForm(props: {
  lang: Lang;
  csrf: string;
  action: string;
  submitLabel: string;
  values: EventFormValues;
  errors?: FieldErrors;
}) {
  const m = am(props.lang);
  const v = props.values;
  const errors = props.errors ?? {};
  const described = (name: string, hint?: boolean) =>
    [errors[name] ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string) => {
    const e = errors[name];
    return e ? (
      <p class="field-error" id={`${name}-error`}>
        {m.errors[e.code](e.n)}
      </p>
    ) : null;
  };
  const hint = (name: string, text: string) => (
    <p class="hint" id={`${name}-hint`}>
      {text}
    </p>
  );
  const input = (name: keyof EventFormValues, type: string, extra: Record<string, unknown> = {}, hintText?: string) => (
    <>
      <label for={name}>{m.f[name]}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={v[name]}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={described(name, Boolean(hintText))}
        {...extra}
      />
      {fieldError(name)}
      {hintText ? hint(name, hintText) : null}
    </>
  );
  const formErrors = Object.keys(errors).length > 0;
  return (
    <form class="card" method="post" action={props.action} novalidate>
      <CsrfField token={props.csrf} />
      {formErrors ? (
        <p class="msg error" role="alert">
          {m.fixErrors}
        </p>
      ) : null}
      {errors._ ? fieldError('_') : null}
      {input('title', 'text', { required: true, maxlength: 200 })}
      {input('slug', 'text', { required: true, maxlength: 80, autocapitalize: 'none' }, m.f.slugHint)}
      <label for="description">{m.f.description}</label>
      <textarea
        id="description"
        name="description"
        rows={5}
        maxlength={5000}
        aria-invalid={errors.description ? 'true' : undefined}
        aria-describedby={described('description')}
      >
        {v.description}
      </textarea>
      {fieldError('description')}
      {input('venue', 'text', { required: true, maxlength: 200 })}
      {input('address', 'text', { maxlength: 300 })}
      {input('hostName', 'text', { maxlength: 120 })}
      {input('timezone', 'text', { required: true, list: 'timezones', maxlength: 64 }, m.f.timesHint)}
      <datalist id="timezones">
        {COMMON_ZONES.map((z) => (
          <option value={z} />
        ))}
      </datalist>
      {input('startsAt', 'datetime-local', { required: true })}
      {input('endsAt', 'datetime-local', { required: true })}
      {input('salesCloseAt', 'datetime-local', {}, m.f.salesCloseHint)}
      {input('price', 'text', { required: true, inputmode: 'decimal', maxlength: 12 }, m.f.priceHint)}
      {input('currency', 'text', { required: true, maxlength: 3, autocapitalize: 'characters' })}
      {input('capacity', 'text', { required: true, inputmode: 'numeric', maxlength: 6 })}
      <label for="status">{m.f.status}</label>
      <select id="status" name="status" aria-describedby={described('status')}>
        {STATUSES.map((s) => (
          <option value={s} selected={v.status === s}>
            {m.status[s]}
          </option>
        ))}
      </select>
      {fieldError('status')}
      <button class="wide" type="submit">
        {props.submitLabel}
      </button>
    </form>
  );
}
