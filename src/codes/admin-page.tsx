import type { FieldErrors } from '../admin/event-form';
import { am } from '../admin/messages';
import { CsrfField, type Notice } from '../admin/pages/layout';
import { EventSubPage } from '../admin/pages/sub-page';
import type { Event } from '../events/service';
import { formatMoney, type Lang } from '../lib/i18n';
import { formatDateTime } from '../lib/time';
import type { CodeView } from './service';

export const CODE_FORM_FIELDS = ['code', 'kind', 'value', 'maxUses', 'expiresAt', 'unlocksSale'] as const;
export type CodeFormValues = Record<(typeof CODE_FORM_FIELDS)[number], string>;

/** A code's discount in words: "20 %", "−10,00 €", "free seat". */
export function codeValue(c: Pick<CodeView, 'kind' | 'value'>, event: Event, lang: Lang) {
  const m = am(lang).seats;
  if (c.kind === 'percent') return `${c.value} %`;
  if (c.kind === 'amount') return `−${formatMoney(c.value, event.currency, lang)}`;
  return m.kind.comp ?? 'comp';
}

export function CodesPage(props: {
  lang: Lang;
  url: string;
  csrf: string;
  event: Event;
  codes: CodeView[];
  values: CodeFormValues;
  errors?: FieldErrors;
  notice?: Notice;
}) {
  const { lang, event: e } = props;
  const m = am(lang);
  const s = m.seats;
  const v = props.values;
  const errors = props.errors ?? {};
  const fieldError = (name: string) => {
    const err = errors[name];
    return err ? (
      <p class="field-error" id={`${name}-error`}>
        {m.errors[err.code](err.n)}
      </p>
    ) : null;
  };
  const input = (
    name: keyof CodeFormValues,
    label: string,
    type = 'text',
    extra: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <>
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={v[name]}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={
          [errors[name] ? `${name}-error` : '', hint ? `${name}-hint` : ''].join(' ').trim() || undefined
        }
        {...extra}
      />
      {fieldError(name)}
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
    </>
  );
  return (
    <EventSubPage lang={lang} heading={s.codesTitle} event={e} url={props.url} csrf={props.csrf} notice={props.notice}>
      <p class="hint">{s.usesNote}</p>
      {props.codes.length === 0 ? (
        <p class="muted">{s.codesEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{s.colCode}</th>
              <th>{s.colKind}</th>
              <th>{s.colUses}</th>
              <th>{s.colRevenue}</th>
              <th>{s.colExpires}</th>
              <th>{s.colUnlocks}</th>
              <th>{s.colEnd}</th>
            </tr>
          </thead>
          <tbody>
            {props.codes.map((c) => (
              <tr>
                <td data-label={s.colCode}>
                  <code>{c.code}</code>
                </td>
                <td data-label={s.colKind}>{`${s.kind[c.kind] ?? c.kind} (${codeValue(c, e, lang)})`}</td>
                <td data-label={s.colUses}>{`${c.uses} / ${c.maxUses}`}</td>
                <td data-label={s.colRevenue}>{formatMoney(c.revenueCents, e.currency, lang)}</td>
                <td data-label={s.colExpires}>
                  {c.expiresAt ? formatDateTime(Date.parse(c.expiresAt), e.timezone, lang) : '–'}
                </td>
                <td data-label={s.colUnlocks}>{c.unlocksSale ? s.yes : s.no}</td>
                <td data-label={s.colEnd}>
                  {c.ended ? (
                    s.ended
                  ) : (
                    <form method="post" action={`/admin/events/${e.id}/codes/${c.id}/end`}>
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="secondary" aria-label={`${s.endCode}: ${c.code}`}>
                        {s.endCode}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{s.newCode}</h2>
      <form class="card" method="post" action={`/admin/events/${e.id}/codes`} novalidate>
        <CsrfField token={props.csrf} />
        {Object.keys(errors).length ? (
          <p class="msg error" role="alert">
            {m.fixErrors}
          </p>
        ) : null}
        {input('code', s.code, 'text', { required: true, maxlength: 40, autocapitalize: 'characters' })}
        <label for="kind">{s.kindLabel}</label>
        <select id="kind" name="kind">
          {(['percent', 'amount', 'comp'] as const).map((k) => (
            <option value={k} selected={v.kind === k}>
              {s.kind[k]}
            </option>
          ))}
        </select>
        {input('value', s.value, 'text', { inputmode: 'decimal', maxlength: 12 }, s.valueHint)}
        {input('maxUses', s.maxUses, 'text', { required: true, inputmode: 'numeric', maxlength: 5 })}
        {input('expiresAt', s.expiresAt, 'datetime-local')}
        <label class="check" for="unlocksSale">
          <input id="unlocksSale" name="unlocksSale" type="checkbox" checked={v.unlocksSale === 'on'} />
          <span>{s.unlocksSale}</span>
        </label>
        <button class="wide" type="submit">
          {s.createCode}
        </button>
      </form>
    </EventSubPage>
  );
}
