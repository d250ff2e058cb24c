import { privileges } from '../access';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import { trimSlashes } from '../ids';
import type { ApiDefinition } from '../registry';
import { ingest, type Duplicate } from '../upload';

/** `File uploadphoto` / `uploadvideo` (spec §3.15.1): multipart, destination given as a path. */
function upload(kind: 'photo' | 'video') {
  return (ctx: Ctx): object | undefined => {
    const dest = ctx.param('dest_folder_path');
    if (dest === undefined) throw new ApiError(E.FILE_BAD_PARAMS, 'missing dest_folder_path');
    const duplicate = ctx.oneOf('duplicate', ['ignore', 'rename', 'overwrite'] as const, E.FILE_BAD_PARAMS)
      ?? ctx.need('duplicate', E.FILE_BAD_PARAMS);
    const filename = ctx.need('filename', E.FILE_BAD_PARAMS);
    const mtime = ctx.int('mtime', E.FILE_BAD_PARAMS, 0) ?? Number(ctx.need('mtime', E.FILE_BAD_PARAMS));
    if (filename.includes('/') || filename.startsWith('@')) throw new ApiError(E.FILE_BAD_PARAMS, 'bad file name');
    const original = ctx.file('original');
    if (!original) throw new ApiError(E.FILE_NO_FILE, 'no original part');
    const user = ctx.requireLogin();
    const album = trimSlashes(dest);
    if (album !== '' && !ctx.lib.albums.has(album)) throw new ApiError(E.FILE_DIR_NOT_EXISTS);
    if (!privileges(ctx.lib, ctx.caller, album).upload) throw new ApiError(E.FILE_ACCESS_DENY);
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
