import type { MessageTypeDefinition } from './message-type.js'

/** Message types by wire name. Adding a type is registering a definition; the orchestrator does not change. */
export class MessageTypeRegistry {
  readonly #byName = new Map<string, MessageTypeDefinition<unknown>>()

  // biome-ignore lint/suspicious/noExplicitAny: a registry holds definitions of different event types
  constructor(definitions: ReadonlyArray<MessageTypeDefinition<any>>) {
    for (const d of definitions) {
      if (this.#byName.has(d.name)) throw new Error(`message type ${d.name} is registered twice`)
      if ([...this.#byName.values()].some((x) => x.messageType === d.messageType)) {
        throw new Error(`message type key ${d.messageType} is used by two definitions`)
      }
      this.#byName.set(d.name, d as MessageTypeDefinition<unknown>)
    }
  }

  get(name: string): MessageTypeDefinition<unknown> | undefined {
    return this.#byName.get(name)
  }

  names(): string[] {
    return [...this.#byName.keys()]
  }

  definitions(): MessageTypeDefinition<unknown>[] {
    return [...this.#byName.values()]
  }
}
