import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedRequest {
  params: Map<string, string>;
  files: Map<string, UploadedFile>;
  body: Buffer;
  cookies: Map<string, string>;
}

/** Bodies above this are refused before they are buffered: a hostile client cannot exhaust memory. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export class BadRequest extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BadRequest('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form decoding that accepts both `+` and `%20` for a space and never throws on a stray `%`. */
export function decodeForm(text: string, into: Map<string, string>): void {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    into.set(key, value);
  }
}

function decodeComponent(s: string): string {
  const plain = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    // Malformed escapes: decode what can be decoded byte by byte, keep the rest literally.
    return plain.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/** A small multipart/form-data reader: fields become parameters, file parts become files. */
export function parseMultipart(body: Buffer, contentType: string): { fields: Map<string, string>; files: Map<string, UploadedFile> } {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new BadRequest('multipart without boundary');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  let pos = body.indexOf(boundary);
  if (pos < 0) throw new BadRequest('multipart boundary not found');
  for (;;) {
    pos += boundary.length;
    if (body.slice(pos, pos + 2).toString() === '--') break;
    if (body.slice(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new BadRequest('multipart part without headers');
    const headers = body.slice(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headerEnd + 4);
    if (next < 0) throw new BadRequest('multipart part not terminated');
    const data = body.slice(headerEnd + 4, next);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename\*?="?([^";]*)"?/i.exec(disposition)?.[1];
    if (name === undefined) throw new BadRequest('multipart part without a name');
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      files.set(name, { field: name, filename: decodeComponent(filename), contentType: type, data });
    } else {
      fields.set(name, data.toString('utf8'));
    }
    pos = next + 2;
  }
  return { fields, files };
}

/** Query string and body merged, the body winning (spec §1.2). */
export function parseRequest(req: IncomingMessage, url: URL, body: Buffer): ParsedRequest {
  const params = new Map<string, string>();
  decodeForm(url.search.slice(1), params);
  let files = new Map<string, UploadedFile>();
  const type = req.headers['content-type'] ?? '';
  if (body.length > 0) {
    if (/^multipart\/form-data/i.test(type)) {
      const parsed = parseMultipart(body, type);
      for (const [k, v] of parsed.fields) params.set(k, v);
      files = parsed.files;
    } else if (/^application\/x-www-form-urlencoded/i.test(type) || type === '') {
      decodeForm(body.toString('utf8'), params);
    }
  }
  return { params, files, body, cookies: parseCookies(req.headers.cookie) };
}
