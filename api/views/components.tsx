/**
 * The shared pieces of every page, after the GOV.UK Design System's patterns. Plain functions
 * of props; text is escaped by JSX.
 *
 * A form that came back refused:
 *
 *   const errors: FieldError[] = [{ field: 'judul', message: 'Isi judul program.' }];
 *   <ErrorSummary errors={errors} />             // top of the page: links to each field
 *   <form method="post" action="/program">
 *     <TextInput name="judul" label="Judul program" value={typed.judul} error={errorFor(errors, 'judul')} required />
 *     <Textarea name="ringkasan" label="Ringkasan" hint="Paling banyak 2.000 karakter." />
 *     <Select name="opd" label="OPD" options={opds} value={typed.opd} />
 *     <Choices type="radio" name="quickWin" label="Quick win" items={[{ value: 'ya', label: 'Ya' }, ...]} />
 *     <DateInput name="mulai" label="Tanggal mulai" value="2027-01-04" />
 *     <Actions><Button>Ajukan usulan</Button></Actions>
 *   </form>
 *
 * Each field's id is its `name` (or `id`); the hint is `<id>-hint`, the error `<id>-error`,
 * both named by the control's `aria-describedby`, and the error summary links to `#<id>`
 * (for radios and checkboxes, the first choice). A required field says "(wajib diisi)" in its
 * label; a field required only for some choices says so in its hint instead.
 * Also: `Notice` (information, warning, success, with a spoken title), `Panel` (the
 * confirmation after an action), `SummaryList` (term and value), `MultilineText`, `DateText`.
 */
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime } from './dates.js';

export interface FieldError {
  /** The id of the field (its name unless given another id). */
  field: string;
  message: string;
}

/** A posted form field as text: a field left out, repeated or sent as a file reads as empty. */
export const formText = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The message for one field, if the form was refused because of it. */
export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** At the top of a refused form: what is wrong, each a link to its field. Focused on load. */
export function ErrorSummary(p: { errors: readonly FieldError[] }) {
  if (p.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">Terdapat masalah</h2>
      <ul>
        {p.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  /** Defaults to `name`. */
  id?: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

/** The ids a control is described by: its hint and its error, when there are any. */
function describedBy(id: string, p: FieldProps): string | undefined {
  const ids = [p.hint === undefined ? '' : `${id}-hint`, p.error === undefined ? '' : `${id}-error`].filter((s) => s !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

function RequiredMark(p: { required: boolean | undefined }) {
  return p.required === true ? <span class="required"> (wajib diisi)</span> : null;
}

function HintAndError(p: { id: string; hint: string | undefined; error: string | undefined }) {
  return (
    <>
      {p.hint === undefined ? null : (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error === undefined ? null : (
        <span class="error-message" id={`${p.id}-error`}>
          <span class="visually-hidden">Kesalahan: </span>
          {p.error}
        </span>
      )}
    </>
  );
}

/** Label, hint, error and the control: the frame of every single-control field. */
function Field(p: FieldProps & { id: string; children: Child }) {
  return (
    <div class={p.error === undefined ? 'field' : 'field field-error'}>
      <label for={p.id}>
        {p.label}
        <RequiredMark required={p.required} />
      </label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      {p.children}
    </div>
  );
}

function controlAttributes(id: string, p: FieldProps) {
  return {
    id,
    name: p.name,
    'aria-describedby': describedBy(id, p),
    'aria-invalid': p.error === undefined ? undefined : 'true',
    'aria-required': p.required === true ? 'true' : undefined,
  };
}

export function TextInput(
  p: FieldProps & {
    value?: string | undefined;
    type?: 'text' | 'email' | 'number' | 'search';
    inputmode?: 'numeric' | 'decimal';
    autocomplete?: string;
    narrow?: boolean;
  },
) {
  const id = p.id ?? p.name;
  return (
    <Field {...p} id={id}>
      <input
        {...controlAttributes(id, p)}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        inputmode={p.inputmode}
        autocomplete={p.autocomplete}
        class={p.narrow === true ? 'narrow' : undefined}
      />
    </Field>
  );
}

export function Textarea(p: FieldProps & { value?: string | undefined; rows?: number }) {
  const id = p.id ?? p.name;
  return (
    <Field {...p} id={id}>
      <textarea {...controlAttributes(id, p)} rows={p.rows ?? 5}>
        {p.value ?? ''}
      </textarea>
    </Field>
  );
}

/** A calendar date as `YYYY-MM-DD` (the browser shows its own date picker). */
export function DateInput(p: FieldProps & { value?: string | undefined }) {
  const id = p.id ?? p.name;
  return (
    <Field {...p} id={id}>
      <input {...controlAttributes(id, p)} type="date" value={p.value ?? ''} class="narrow" />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Options under a heading of the list (`<optgroup>`), e.g. sub-dimensions by dimension. */
export interface OptionGroup {
  label: string;
  options: readonly Option[];
}

export function Select(
  p: FieldProps & { options: readonly Option[]; groups?: readonly OptionGroup[]; value?: string | undefined; placeholder?: string; narrow?: boolean },
) {
  const id = p.id ?? p.name;
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === p.value}>
      {o.label}
    </option>
  );
  return (
    <Field {...p} id={id}>
      <select {...controlAttributes(id, p)} class={p.narrow === true ? 'narrow' : undefined}>
        {p.placeholder === undefined ? null : <option value="">{p.placeholder}</option>}
        {p.options.map(option)}
        {(p.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </Field>
  );
}

export interface Choice extends Option {
  hint?: string;
}

/** Radios (one of) or checkboxes (any of) in a fieldset whose legend is the label. */
export function Choices(p: FieldProps & { type: 'radio' | 'checkbox'; items: readonly Choice[]; checked?: readonly string[] }) {
  const id = p.id ?? p.name;
  const checked = new Set(p.checked ?? []);
  return (
    <div class={p.error === undefined ? 'field' : 'field field-error'}>
      <fieldset aria-describedby={describedBy(id, p)}>
        <legend>
          {p.label}
          <RequiredMark required={p.required} />
        </legend>
        <HintAndError id={id} hint={p.hint} error={p.error} />
        {p.items.map((item, i) => {
          const itemId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="choice">
              <input
                type={p.type}
                id={itemId}
                name={p.name}
                value={item.value}
                checked={checked.has(item.value)}
                aria-describedby={item.hint === undefined ? undefined : `${itemId}-hint`}
              />
              <div>
                <label for={itemId}>{item.label}</label>
                {item.hint === undefined ? null : (
                  <span class="hint" id={`${itemId}-hint`}>
                    {item.hint}
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

export type ButtonVariant = 'primary' | 'secondary' | 'warning';

/** A submit button (or `type="button"`); `name`/`value` say which of several was pressed. */
export function Button(p: { children: Child; variant?: ButtonVariant; name?: string; value?: string; type?: 'submit' | 'button' }) {
  return (
    <button type={p.type ?? 'submit'} class={`button button-${p.variant ?? 'primary'}`} name={p.name} value={p.value}>
      {p.children}
    </button>
  );
}

/** A link that looks like a button, for starting something ("Buat usulan baru"). */
export function ButtonLink(p: { href: string; children: Child; variant?: ButtonVariant }) {
  return (
    <a class={`button button-${p.variant ?? 'primary'}`} href={p.href}>
      {p.children}
    </a>
  );
}

/** The row of buttons at the end of a form. */
export function Actions(p: { children: Child }) {
  return <div class="actions">{p.children}</div>;
}

export type NoticeKind = 'info' | 'warning' | 'success';

const noticeTitles: Record<NoticeKind, string> = { info: 'Informasi', warning: 'Perhatian', success: 'Berhasil' };

/** A boxed message. Its kind is said in words (`title`, or a hidden one), not by colour alone. */
export function Notice(p: { kind?: NoticeKind; title?: string; children: Child }) {
  const kind = p.kind ?? 'info';
  return (
    <div class={`notice notice-${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {p.title === undefined ? <span class="visually-hidden">{noticeTitles[kind]}: </span> : <strong class="notice-title">{p.title}</strong>}
      {p.children}
    </div>
  );
}

/** The confirmation at the top of the page after an action: the heading of the page. */
export function Panel(p: { title: string; children?: Child }) {
  return (
    <div class="panel">
      <h1>{p.title}</h1>
      {p.children === undefined ? null : <div>{p.children}</div>}
    </div>
  );
}

export interface SummaryRow {
  term: string;
  value: Child;
}

/** Terms and their values ("Judul program" – "..."), one row each. */
export function SummaryList(p: { rows: readonly SummaryRow[] }) {
  return (
    <dl class="summary">
      {p.rows.map((r) => (
        <div>
          <dt>{r.term}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Text whose line breaks are kept. */
export function MultilineText(p: { text: string }) {
  const lines = p.text.replace(/\r\n?/g, '\n').split('\n');
  return <>{lines.map((line, i) => (i === 0 ? line : [<br />, line]))}</>;
}

/** A date ("Kamis, 10 Desember 2026") or, with `time`, a moment ("10 Desember 2026 pukul 14.05 WIB") in a `<time>` element. */
export function DateText(p: { value: string; time?: boolean }) {
  return <time datetime={p.value}>{p.time === true ? formatDateTime(p.value) : formatDate(p.value)}</time>;
}

/**
 * Who changed what and when, newest first: one row per change, `describe` saying what changed.
 * The audited pages (people, masterplan) show their history through it.
 */
export function ChangeHistory<C extends { at: string; by: { name: string } }>(p: { caption: string; changes: readonly C[]; describe: (change: C) => Child }) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Waktu</th>
            <th scope="col">Oleh</th>
            <th scope="col">Perubahan</th>
          </tr>
        </thead>
        <tbody>
          {[...p.changes].reverse().map((change) => (
            <tr>
              <td>
                <DateText value={change.at} time />
              </td>
              <td>{change.by.name}</td>
              <td>{p.describe(change)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
