import { describe, expect, it } from 'vitest';
import { Choices, ErrorSummary, Notice, Select, TextInput, Textarea } from '../../api/views/components.js';
import { formatDate, formatDateTime } from '../../api/views/dates.js';
import { Layout, renderDocument } from '../../api/views/layout.js';

const html = (node: unknown) => String(node);

describe('Layout', () => {
  it('is an Indonesian document whose skip link reaches the main landmark', () => {
    const page = renderDocument(Layout({ title: 'Tugas saya', children: 'isi' }));
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('<title>Tugas saya · alur</title>');
    expect(page).toMatch(/<a class="skip-link" href="#isi">/);
    expect(page).toMatch(/<main id="isi"/);
  });

  it('starts the title with "Kesalahan:" when a form came back refused, and escapes it', () => {
    const page = renderDocument(Layout({ title: '<b>Usulan</b>', hasErrors: true }));
    expect(page).toContain('<title>Kesalahan: &lt;b&gt;Usulan&lt;/b&gt; · alur</title>');
  });

  it('shows the navigation and signed-in slots only when given', () => {
    expect(renderDocument(Layout({ title: 't' }))).not.toContain('aria-label="Menu utama"');
    const page = renderDocument(Layout({ title: 't', nav: 'menu', person: 'Ani' }));
    expect(page).toContain('<nav class="site-nav" aria-label="Menu utama">menu</nav>');
    expect(page).toContain('<div class="person">Ani</div>');
  });
});

describe('form fields', () => {
  it('ties hint and error to the control and keeps the typed value, escaped', () => {
    const out = html(TextInput({ name: 'judul', label: 'Judul program', hint: 'Singkat.', error: 'Isi judul program.', value: '"x" <y>' }));
    expect(out).toContain('aria-describedby="judul-hint judul-error"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('id="judul-error"');
    expect(out).toContain('value="&quot;x&quot; &lt;y&gt;"');
  });

  it('describes a field without hint or error by nothing', () => {
    expect(html(Textarea({ name: 'catatan', label: 'Catatan' }))).not.toContain('aria-describedby');
  });

  it('marks a required field in its label', () => {
    expect(html(TextInput({ name: 'judul', label: 'Judul program', required: true }))).toMatch(
      /Judul program<span class="required"> \(wajib diisi\)<\/span><\/label>/,
    );
  });

  it('selects the kept option', () => {
    const out = html(
      Select({
        name: 'opd',
        label: 'OPD',
        options: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
        value: 'b',
      }),
    );
    expect(out).toContain('<option value="b" selected="">B</option>');
    expect(out).not.toContain('<option value="a" selected');
  });

  it('gives the first radio the field id, so the error summary can link to it', () => {
    const out = html(
      Choices({
        type: 'radio',
        name: 'qw',
        label: 'Quick win',
        items: [
          { value: 'ya', label: 'Ya' },
          { value: 'tidak', label: 'Tidak' },
        ],
        checked: ['tidak'],
      }),
    );
    expect(out).toContain('<legend>Quick win</legend>');
    expect(out).toMatch(/<input type="radio" id="qw" name="qw" value="ya"\/?>/);
    expect(out).toMatch(/id="qw-2" name="qw" value="tidak" checked=""/);
  });
});

describe('ErrorSummary', () => {
  it('links every problem to its field', () => {
    const out = html(ErrorSummary({ errors: [{ field: 'judul', message: 'Isi judul program.' }] }));
    expect(out).toContain('<a href="#judul">Isi judul program.</a>');
    expect(out).toContain('role="alert"');
  });

  it('renders nothing when there is no problem', () => {
    expect(ErrorSummary({ errors: [] })).toBeNull();
  });
});

describe('Notice', () => {
  it('says its kind in words, not by colour alone', () => {
    expect(html(Notice({ kind: 'warning', children: 'Batas waktu terlewati.' }))).toContain('<span class="visually-hidden">Perhatian: </span>');
  });
});

describe('dates', () => {
  it('writes a calendar date out in Bahasa Indonesia', () => {
    expect(formatDate('2026-12-10')).toBe('Kamis, 10 Desember 2026');
  });

  it('shows an instant in WIB', () => {
    expect(formatDateTime('2026-12-10T17:30:00Z')).toBe('11 Desember 2026 pukul 00.30 WIB');
  });
});
