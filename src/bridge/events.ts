import type { StationEvent } from '../watch/events';
import type { Connection } from './connection';
import type { Topics } from './topics';

/**
 * Detector events onto `<base>/event/<event>`: QoS 1, not retained (an event is something that
 * happened, not a state), durable so that an outage delays them instead of losing them.
 * The payload is the event as the detector made it plus the station's name.
 */
export class EventPublisher {
  published = 0;

  constructor(private readonly connection: Connection, private readonly topics: Topics) {}

  /**
   * Resolves when the broker has every event of the batch: only then does the detector count them as
   * delivered, so a bridge that dies during a broker outage sends them again after its restart.
   */
  async deliver(station: string, events: readonly StationEvent[]): Promise<void> {
    await Promise.all(events.map((event) => {
      this.published++;
      return this.connection.publishConfirmed(this.topics.event(event.event), JSON.stringify({ ...event, station }), { qos: 1, retain: false });
    }));
  }
}
