import { privileges } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { isValidName, kindOfFile, trimSlashes } from '../ids';
import type { ApiDefinition } from '../registry';
import { ingest, type Duplicate } from '../upload';

// Spec §1.6 codes not (yet) in errors.ts, which this file does not own.

/** `File uploadphoto` / `uploadvideo` (spec §3.15.1): multipart, destination given as a path. */
function upload(kind: 'photo' | 'video') {
  return (ctx: Ctx): object | undefined => {
    const dest = ctx.param('dest_folder_path');
    if (dest === undefined) throw new ApiError(E.FILE_BAD_PARAMS, 'missing dest_folder_path');
    const duplicate = ctx.oneOf('duplicate', ['ignore', 'rename', 'overwrite'] as const, E.FILE_BAD_PARAMS)
      ?? ctx.need('duplicate', E.FILE_BAD_PARAMS);
    const filename = ctx.need('filename', E.FILE_BAD_PARAMS);
    const mtime = ctx.int('mtime', E.FILE_BAD_PARAMS, 0) ?? Number(ctx.need('mtime', E.FILE_BAD_PARAMS));
    if (filename.includes('/')) throw new ApiError(E.FILE_BAD_PARAMS, 'bad file name');
    const original = ctx.file('original');
    if (!original) throw new ApiError(E.FILE_NO_FILE, 'no original part');
    const user = ctx.requireLogin();
    const album = trimSlashes(dest);
    if (album !== '' && !ctx.lib.albums.has(album)) throw new ApiError(E.FILE_DIR_NOT_EXISTS);
    if (!privileges(ctx.lib, ctx.caller, album).upload) throw new ApiError(E.FILE_ACCESS_DENY);
    if (!kindOfFile(filename)) throw new ApiError(E.FILE_FILE_EXT_ERR, 'unsupported extension');
    // A name the share cannot hold (`@…` metadata names, control characters, over 255 characters): 522.
    if (!isValidName(filename)) throw new ApiError(E.FILE_UPLOAD_CANT_WRITE, 'cannot write this name');
    // An empty original is a failed transfer (520).
    if (original.data.length === 0) throw new ApiError(E.FILE_UPLOAD_ERROR, 'empty file');
    const item = ingest(ctx.state, ctx.lib, {
      album, filename, data: original.data, mtime, duplicate: duplicate as Duplicate, owner: user.name, kind,
    });
    // The reference answers `{success:true}` only; the id helps clients that want it (docs/simulator.md).
    return item ? { id: ctx.lib.itemId(item) } : undefined;
  };
}

export const fileApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.File', path: 'file.php', minVersion: 1, maxVersion: 1,
  methods: { uploadphoto: upload('photo'), uploadvideo: upload('video') },
};
