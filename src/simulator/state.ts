import { Clock } from './clock';
import { Faults } from './faults';
import { Library } from './library';
import type { Group, Settings, User } from './model';
import { Sessions } from './sessions';
import { Stats } from './stats';

export interface SimConfig {
  /** Idle time after which a session answers 106 (spec §5.15, default 30 min). */
  idleTimeoutMs: number;
  /** A new login ends the user's older sessions, which then answer 107. */
  singleSession: boolean;
  /** How long a new upload stays invisible to listings (spec §3.15.3, default 0). */
  indexingDelayMs: number;
  /** Failed logins in a row after which a user is blocked for `loginBlockMs` (410). */
  loginMaxTries: number;
  loginBlockMs: number;
  /** The known server bug of spec §3.15.3: `[` or `]` in a legacy upload file name gives a non-JSON answer. */
  bracketBug: boolean;
}

export const DEFAULT_CONFIG: SimConfig = {
  idleTimeoutMs: 30 * 60_000,
  singleSession: false,
  indexingDelayMs: 0,
  loginMaxTries: 5,
  loginBlockMs: 10 * 60_000,
  bracketBug: false,
};

export function defaultSettings(): Settings {
  return {
    version: '3400',
    version_string: '6.8.16-3507',
    title: 'Photo Station',
    about_me_title: 'About me',
    sort_by: 'takendate',
    sort_direction: 'asc',
    use_album_explorer: true,
    paging_use_bar: false,
    paging_item_count: 50,
    folder_sort_direction: 'asc',
    folder_sort_only_name: false,
    allow_download_album: false,
    allow_download_orig: false,
    allow_download_video: false,
    disable_right_button: false,
    hide_search: false,
    hide_gps_from_normal_user: false,
    hide_rss_feed: false,
    enable_blog: false,
    external_host: '',
    external_host_quickconnect: '',
    allow_social_share: false,
    allow_social_upload: false,
    allow_social_upload_guest: false,
    social_network_list: [],
    virtual_tag: { desc_tag: true, geo_tag: true, people_tag: true },
    default_geo_location: { lng: '0', lat: '0' },
    home_category: null,
    default_album_public: false,
    disable_aboutme: false,
    show_album_hit: true,
    use_dsm_account: true,
    collapse_left_panel: false,
    show_lightbox_information: true,
    use_pop_window_to_edit_desc: false,
    def_album_disable_conversion: false,
    support_large_file: true,
    support_moments: false,
  };
}

/** The whole simulated NAS: accounts, sessions and one library per Photo Station instance. */
export class SimState {
  readonly clock = new Clock();
  readonly config: SimConfig = { ...DEFAULT_CONFIG };
  readonly sessions = new Sessions(this.clock, this.config);
  readonly faults = new Faults();
  readonly stats = new Stats();
  settings: Settings = defaultSettings();
  users = new Map<string, User>();
  groups = new Map<string, Group>();
  /** '' is the standard Photo Station; personal ones are keyed by their owner (spec §5.7). */
  instances = new Map<string, Library>();
  aboutMe = { html: '', hidden: false, title: 'About me' };
  readonly loginFailures = new Map<string, { count: number; until: number }>();

  constructor() {
    this.instances.set('', new Library(this.clock));
  }

  get standard(): Library {
    return this.instances.get('')!;
  }

  /** A personal Photo Station exists for every user and starts empty. */
  instance(owner: string): Library | undefined {
    if (owner === '') return this.standard;
    if (!this.users.has(owner)) return undefined;
    let lib = this.instances.get(owner);
    if (!lib) {
      lib = new Library(this.clock);
      this.instances.set(owner, lib);
    }
    return lib;
  }

  clearContent(): void {
    this.instances = new Map([['', new Library(this.clock)]]);
    this.users = new Map();
    this.groups = new Map();
    this.settings = defaultSettings();
    this.sessions.clear();
    this.loginFailures.clear();
    this.aboutMe = { html: '', hidden: false, title: 'About me' };
  }
}

export function makeUser(name: string, password: string, fields: Partial<User> = {}): User {
  return {
    name, password, admin: false, groups: [], email: `${name}@example.invalid`, allowed: true, disabled: false,
    allowComment: true, allowPublicShare: fields.admin ?? false, ...fields,
  };
}
