/**
 * The HTML helpers shared by the email templates and the link pages. Every value that
 * reaches HTML goes through `escapeHtml` (text and attribute values alike).
 */

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => entities[c] ?? c);
}

/** Escaped text whose line breaks are kept as `<br>`. */
export function escapeMultiline(value: string): string {
  return escapeHtml(value.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>');
}

/**
 * A URL for `href` or a form `action`, escaped. Relative URLs and http(s) are allowed;
 * any other scheme (javascript:, data:, ...) is a programming error and throws.
 */
export function safeUrl(url: string): string {
  // Browsers ignore tabs, newlines and leading control characters in URLs; so must the check.
  // eslint-disable-next-line no-control-regex
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw new RangeError(`refusing to link to a URL with scheme ${scheme}:`);
  }
  return escapeHtml(url.trim());
}
