import type { Ctx } from '../context';
import { ApiError, E } from '../errors';
import type { ApiDefinition } from '../registry';
import type { Session } from '../sessions';

const THIRTY_DAYS_S = 30 * 24 * 3600;

/** What `login` and `checkauth` answer about the caller (spec §3.3). */
function sessionInfo(ctx: Ctx, session: Session): object {
  const user = ctx.state.users.get(session.user)!;
  const admin = user.admin || (ctx.instanceOwner !== '' && ctx.instanceOwner === user.name);
  return {
    sid: session.sid,
    username: user.name,
    reg_syno_user: true,
    is_admin: admin,
    allow_comment: user.allowComment,
    permission: { browse: true, upload: admin, manage: admin },
    enable_face_recog: true,
    allow_public_share: admin || user.allowPublicShare,
    allow_download: admin || ctx.state.settings.allow_download_orig === true,
    show_detail: true,
  };
}

function login(ctx: Ctx, bindToAddress: boolean): object {
  const username = ctx.need('username');
  const password = ctx.param('password') ?? '';
  const { state } = ctx;
  const now = state.clock.now();
  const failures = state.loginFailures.get(username);
  // Like DSM's auto-block: too many wrong passwords in a row lock the account for a while.
  if (failures && failures.until > now) throw new ApiError(E.LOGIN_MAX_TRIES);
  const user = state.users.get(username);
  if (!user || user.password !== password) {
    const count = (failures && failures.until === 0 ? failures.count : 0) + 1;
    const blocked = count >= state.config.loginMaxTries;
    state.loginFailures.set(username, { count: blocked ? 0 : count, until: blocked ? now + state.config.loginBlockMs : 0 });
    throw new ApiError(E.LOGIN_ERROR);
  }
  if (user.disabled) throw new ApiError(E.LOGIN_DISABLE_ACCOUNT);
  if (!user.allowed) throw new ApiError(E.LOGIN_NOPRIVILEGE);
  state.loginFailures.delete(username);
  const persistent = ctx.param('remember_me') !== undefined;
  const session = state.sessions.open(user.name, persistent, bindToAddress ? ctx.remote : undefined);
  const expires = persistent ? `; Max-Age=${THIRTY_DAYS_S}` : '';
  return { setCookie: `PHPSESSID=${session.sid}; path=/${expires}; HttpOnly`, data: sessionInfo(ctx, session) };
}

export const authApi: ApiDefinition = {
  name: 'SYNO.PhotoStation.Auth', path: 'auth.php', minVersion: 1, maxVersion: 1,
  methods: {
    login: (ctx) => login(ctx, false),
    photo_login: (ctx) => login(ctx, true),
    logout: (ctx) => {
      const sid = ctx.request.cookies.get('PHPSESSID');
      if (sid) ctx.state.sessions.end(sid, 106);
      return undefined;
    },
    checkauth: (ctx) => {
      if (!ctx.session) throw new ApiError(E.NO_PERMISSION);
      return sessionInfo(ctx, ctx.session);
    },
  },
};
