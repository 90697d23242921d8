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

type InputFn = (
  name: keyof EventFormValues,
  type: string,
  extra?: Record<string, unknown>,
  hintText?: string,
  label?: string,
) => unknown;

/** Pre-sale, waitlist offers, passing tickets on and cancelling: the organizer's settings for filling seats. */
function SeatPolicyFields(props: { lang: Lang; values: EventFormValues; errors: FieldErrors; input: InputFn }) {
  const m = am(props.lang);
  const s = m.seats;
  const { values: v, input } = props;
  const select = (name: 'transfer' | 'cancellation', label: string, options: [string, string][]) => (
    <>
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        {options.map(([value, text]) => (
          <option value={value} selected={v[name] === value}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <fieldset style="border:0;padding:0;margin:1rem 0 0">
      <legend style="font-weight:600">
        {s.statWaitlist} · {s.transfer} · {s.cancellation}
      </legend>
      {input('salesOpenAt', 'datetime-local', {}, s.salesOpenHint, s.salesOpenAt)}
      {input(
        'offerHours',
        'text',
        { inputmode: 'numeric', maxlength: 3, required: true },
        s.offerHoursHint,
        s.offerHours,
      )}
      {select('transfer', s.transfer, [
        ['start', s.transferStart],
        ['until', s.transferUntilDate],
        ['no', s.transferNo],
      ])}
      {input('transferUntil', 'datetime-local', {}, undefined, s.transferUntil)}
      {select('cancellation', s.cancellation, [
        ['no', s.cancelNo],
        ['yes', s.cancelYes],
      ])}
      {input('cancelDays', 'text', { inputmode: 'numeric', maxlength: 3 }, undefined, s.cancelDays)}
      {input('refundPercent', 'text', { inputmode: 'numeric', maxlength: 3 }, s.refundHint, s.refundPercent)}
    </fieldset>
  );
}

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
  const input = (
    name: keyof EventFormValues,
    type: string,
    extra: Record<string, unknown> = {},
    hintText?: string,
    label: string = m.f[name as keyof typeof m.f] ?? name,
  ) => (
    <>
      <label for={name}>{label}</label>
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
      {input('venueLocation', 'text', { maxlength: 60, inputmode: 'decimal' }, m.f.venueLocationHint)}
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
      <SeatPolicyFields lang={props.lang} values={v} errors={errors} input={input} />
      <button class="wide" type="submit">
        {props.submitLabel}
      </button>
    </form>
  );
}
