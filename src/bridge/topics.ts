/**
 * Every topic the bridge uses, in one place. With several stations the first one is the default:
 * its albums live at `<base>/album/<id>` exactly as the design says, the others' at
 * `<base>/album/<station>/<id>` (album ids come from paths, so two NAS can share one).
 */
export class Topics {
  constructor(readonly base: string, private readonly defaultStation: string) {}

  get state(): string {
    return `${this.base}/bridge/state`;
  }

  get info(): string {
    return `${this.base}/bridge/info`;
  }

  get requestFilter(): string {
    return `${this.base}/request/+`;
  }

  request(action: string): string {
    return `${this.base}/request/${action}`;
  }

  response(action: string): string {
    return `${this.base}/response/${action}`;
  }

  event(name: string): string {
    return `${this.base}/event/${name}`;
  }

  schedule(name: string): string {
    return `${this.base}/schedule/${name}`;
  }

  album(station: string, albumId: string): string {
    return station === this.defaultStation ? `${this.base}/album/${albumId}` : `${this.base}/album/${station}/${albumId}`;
  }

  albumSet(station: string, albumId: string): string {
    return `${this.album(station, albumId)}/set`;
  }

  /** Both shapes of `/set` topic. */
  get albumSetFilters(): string[] {
    return [`${this.base}/album/+/set`, `${this.base}/album/+/+/set`];
  }

  /** The action named by a request topic, or undefined when the topic is not a request. */
  parseRequest(topic: string): string | undefined {
    const prefix = `${this.base}/request/`;
    if (!topic.startsWith(prefix)) return undefined;
    const action = topic.slice(prefix.length);
    // An empty action level ("<base>/request/") still gets an answer: unknown_action on "<base>/response/".
    return !action.includes('/') ? action : undefined;
  }

  parseAlbumSet(topic: string): { station: string; albumId: string } | undefined {
    const prefix = `${this.base}/album/`;
    if (!topic.startsWith(prefix) || !topic.endsWith('/set')) return undefined;
    const parts = topic.slice(prefix.length, -'/set'.length).split('/');
    if (parts.length === 1) return { station: this.defaultStation, albumId: parts[0] };
    if (parts.length === 2) return { station: parts[0], albumId: parts[1] };
    return undefined;
  }
}
