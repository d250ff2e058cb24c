import { assertBrowse } from '../access';
import { formatDate } from '../clock';
import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import type { ApiDefinition } from '../registry';
import { itemsFromCsv } from './common';

function commentItem(ctx: Ctx) {
  const [item] = itemsFromCsv(ctx, 'id', E.BAD_REQUEST, true);
  assertBrowse(ctx.lib, ctx.caller, item.album, ctx.param('password'), {
    noAccess: E.COMMENT_ACCESS_DENY, password: E.COMMENT_ACCESS_DENY,
  });
  return item;
}

export const commentApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Comment', path: 'comment.php', minVersion: 1, maxVersion: 1,
  methods: {
    list: (ctx) => ({
      comments: commentItem(ctx).comments.map((c) => ({
        id: `comment_${c.id}`, date: formatDate(c.date), name: c.name, email: c.email, comment: c.comment,
      })),
    }),
    create: (ctx) => {
      const item = commentItem(ctx);
      const user = ctx.requireLogin();
      const level1 = ctx.lib.albums.get(item.album.split('/')[0]);
      if (!user.allowComment || !(level1?.allowComment ?? false)) throw new ApiError(E.COMMENT_ACCESS_DENY);
      const comment = ctx.param('comment') ?? '';
      const name = ctx.param('name') ?? user.name;
      if (comment.trim() === '' || comment.length > 4096 || name.length > 255) throw new ApiError(E.COMMENT_VALIDATE_FAIL);
      const id = ctx.lib.nextComment++;
      item.comments.push({ id, date: ctx.now, name, email: user.email, comment });
      ctx.lib.version++;
      return { id: `comment_${id}` };
    },
  },
};

export const aboutApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.About', path: 'about.php', minVersion: 1, maxVersion: 1,
  methods: {
    get: (ctx) => ({ html: ctx.state.aboutMe.html || '<div></div>', has_content: ctx.state.aboutMe.html !== '' }),
    set: (ctx) => {
      const html = ctx.need('html');
      ctx.requireAdmin(E.NO_PERMISSION);
      ctx.state.aboutMe.html = html;
      return undefined;
    },
    set_visibility: (ctx) => {
      ctx.requireAdmin(E.NO_PERMISSION);
      ctx.state.aboutMe.hidden = ctx.bool('hidden') ?? ctx.state.aboutMe.hidden;
      ctx.state.aboutMe.title = ctx.param('title') ?? ctx.state.aboutMe.title;
      return undefined;
    },
  },
};

/** No DSM shared folders exist beside the simulated Photo Station: listings are empty (docs/simulator.md). */
export const dsmShareApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.DsmShare', path: 'dsm_share.php', minVersion: 1, maxVersion: 1,
  methods: {
    list: (ctx) => {
      ctx.requireAdmin(E.DSMSHARE_ACCESS_DENY);
      return { total: 0, offset: 0, items: [] };
    },
    copy: (ctx) => {
      ctx.need('id');
      ctx.requireAdmin(E.DSMSHARE_ACCESS_DENY);
      throw new ApiError(546, 'no DSM share to copy from');
    },
    copymusic: (ctx) => {
      ctx.need('id');
      ctx.requireAdmin(E.DSMSHARE_ACCESS_DENY);
      throw new ApiError(546, 'no DSM share to copy from');
    },
  },
};

/** Published as on a real 6.3 (spec §9) but not built: every method answers 103. */
export const stubApis: ApiDefinition[] = [
  ['SYNO.PhotoStation.Category', 'category.php'],
  ['SYNO.PhotoStation.Timeline', 'timeline.php'],
  ['SYNO.PhotoStation.Rotate', 'rotate.php'],
  ['SYNO.PhotoStation.SlideshowMusic', 'slideshow_music.php'],
  ['SYNO.PhotoStation.PhotoLog', 'log.php'],
  ['SYNO.PhotoStation.Path', 'path.php'],
].map(([name, path]) => ({ name, path, minVersion: 1, maxVersion: 1, methods: {} }));
