/**
 * A URL for `href` or a form `action`. Relative URLs and http(s) are allowed; any other
 * scheme (javascript:, data:, ...) is a programming error and throws. JSX escapes the value;
 * this check is what escaping cannot do.
 */
export function checkedUrl(url: string): string {
  // Browsers ignore tabs, newlines and leading control characters in URLs; so must the check.
  // eslint-disable-next-line no-control-regex
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw new RangeError(`refusing to link to a URL with scheme ${scheme}:`);
  }
  return url.trim();
}
