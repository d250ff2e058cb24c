/** Request bodies: form encoding for every API call (spec §1.2) and multipart for uploads (§3.15). */
import { randomBytes } from 'node:crypto';
import type { ParamValue, Params } from './types';

function text(value: Exclude<ParamValue, null | undefined>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value.join(',');
}

/** `null`/`undefined` are left out, so optional parameters can be passed through as they are. */
export function encodeForm(params: Params): string {
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    // encodeURIComponent writes spaces as %20, as the plugin does; servers accept both.
    out += `${out === '' ? '' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(text(value))}`;
  }
  return out;
}

export interface FilePart {
  /** Form field name, e.g. "original" or "thumb_small". */
  field: string;
  filename: string;
  data: Buffer | Uint8Array;
  contentType?: string;
}

export interface Multipart {
  body: Buffer;
  contentType: string;
}

function quoted(s: string): string {
  // Field values in Content-Disposition are quoted strings; CR/LF/quote would break the framing.
  return s.replace(/[\r\n"\\]/g, (c) => encodeURIComponent(c));
}

export function encodeMultipart(fields: Params, files: readonly FilePart[]): Multipart {
  const boundary = `----PhotoStationClient${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(key)}"\r\n\r\n${text(value)}\r\n`, 'utf8'));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(f.field)}"; filename="${quoted(f.filename)}"\r\n` +
          `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
