import type { ConsentChangedEvent, OptOutPublisher, PublishResult } from '@sms-notification/core'

export interface EmbeddedOptOutPublisherOptions {
  /** Lets a test make a publish fail: return the failure, or null to publish. */
  failWith?: (event: ConsentChangedEvent) => { retryable: boolean; errorCode: string } | null
}

/**
 * Keeps published consent events in memory instead of sending them to the `sms-optout` topic. Like the topic's
 * duplicate detection, an event id already published is accepted and not recorded twice.
 */
export class EmbeddedOptOutPublisher implements OptOutPublisher {
  readonly #published = new Map<string, ConsentChangedEvent>()
  readonly #failWith: EmbeddedOptOutPublisherOptions['failWith']

  constructor(options: EmbeddedOptOutPublisherOptions = {}) {
    this.#failWith = options.failWith
  }

  async publish(event: ConsentChangedEvent): Promise<PublishResult> {
    const failure = this.#failWith?.(event)
    if (failure) return { kind: 'failed', ...failure }
    if (!this.#published.has(event.eventId)) this.#published.set(event.eventId, structuredClone(event))
    return { kind: 'published' }
  }

  /** What was published, in order, once per event id. */
  published(): ConsentChangedEvent[] {
    return [...this.#published.values()].map((event) => structuredClone(event))
  }
}
