'use strict';
/**
 * Album path patterns of the events node. `*` stands for one path segment, `**` for any number of
 * them, including none: `Family/*` is every album directly in Family; `Family/**` is Family itself
 * and everything below it; `*` alone is every top-level album. Matching ignores case, as the NAS
 * does for album names.
 */
function compilePattern(pattern) {
  const parts = pattern.trim().replace(/^\/+|\/+$/g, '').split('/');
  let re = '';
  parts.forEach((part, i) => {
    const sep = i === 0 ? '' : '/';
    if (part === '**') {
      // "a/**" matches "a" and "a/…"; "**/b" matches "b" and "…/b".
      re += i === 0 ? '(?:.*/)?' : '(?:/.*)?';
      return;
    }
    const seg = part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
    re += (i > 0 && parts[i - 1] === '**' ? '' : sep) + seg;
  });
  return new RegExp(`^${re}$`, 'i');
}

/** Comma or newline separated patterns; an empty list matches every event. */
function albumMatcher(text) {
  const patterns = String(text || '').split(/[,\n]/).map((p) => p.trim()).filter(Boolean).map(compilePattern);
  if (!patterns.length) return () => true;
  return (event) => {
    const path = event && event.album && typeof event.album.path === 'string' ? event.album.path : undefined;
    // Share events carry no album path: with an album filter set they do not match.
    return path !== undefined && path !== '' && patterns.some((re) => re.test(path));
  };
}

module.exports = { compilePattern, albumMatcher };
