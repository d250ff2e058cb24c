import { EVENT_NAMES } from '../watch/events';
import { describeCatalogue } from './catalogue';
import { ACTION_ERROR_CODES } from './errors';

/**
 * Markdown reference of the catalogue, the error codes and the events, generated from their one definition
 * so that README and docs cannot drift from the code (test/docs checks that the files hold it).
 */
export function catalogueMarkdown(): string {
  const lines: string[] = ['| action | what it does | input (required in **bold**) |', '|---|---|---|'];
  for (const a of describeCatalogue()) {
    const fields = (a.input as Array<Record<string, unknown>>).map((f) => {
      const name = f.required ? `**${String(f.name)}**` : String(f.name);
      const values = Array.isArray(f.values) ? ` (${(f.values as string[]).join(' / ')})` : '';
      return `${name}${values}`;
    });
    const oneOf = (a.one_of as string[][] | undefined)?.map((p) => `one of ${p.join(' / ')}`) ?? [];
    lines.push(`| \`${String(a.name)}\` | ${String(a.description)} | ${[...fields, ...oneOf].join(', ') || '—'} |`);
  }
  return lines.join('\n');
}

export function errorCodesMarkdown(): string {
  return ACTION_ERROR_CODES.map((c) => `\`${c}\``).join(', ');
}

/** The request and event topics of the bridge with the default base topic, one per action and event. */
export function mqttTopicsMarkdown(base = 'photostation'): string {
  const requests = describeCatalogue().map((a) => `\`${base}/request/${String(a.name)}\``).join(', ');
  const events = EVENT_NAMES.map((e) => `\`${base}/event/${e}\``).join(', ');
  return [
    `- requests (answered on \`${base}/response/<action>\`): ${requests}`,
    `- events (QoS 1, not retained): ${events}`,
  ].join('\n');
}

export function eventsMarkdown(): string {
  return EVENT_NAMES.map((e) => `\`${e}\``).join(', ');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function fillGenerated(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return text;
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

export const GENERATED_SECTIONS: Record<string, () => string> = {
  actions: catalogueMarkdown,
  'error-codes': errorCodesMarkdown,
  events: eventsMarkdown,
  'mqtt-topics': () => mqttTopicsMarkdown(),
};

/** The text with every generated section it marks brought up to date. */
export function refreshGenerated(text: string): string {
  return Object.entries(GENERATED_SECTIONS).reduce((t, [name, make]) => fillGenerated(t, name, make()), text);
}
