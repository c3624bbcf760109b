import { fictionalNumber } from '../simulated/fictional-numbers.js'
import type { AcceptedMessage, FakeOperation, FakeProvider, FakeResponse, RecordedRequest, RentedNumber } from './fake-provider-types.js'

interface ScriptEntry {
  response: FakeResponse
  remaining: number
}

const FICTIONAL_AREA_CODES = ['212', '415']

export function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '')
}

/** What the fake remembers between requests: scripts, inventory, rented numbers and the request log. */
export class FakeProviderState {
  readonly requests: RecordedRequest[] = []
  readonly accepted: AcceptedMessage[] = []
  readonly rented = new Map<string, RentedNumber>()
  readonly #sendScripts = new Map<string, ScriptEntry>()
  readonly #operationScripts = new Map<string, ScriptEntry>()
  readonly #inventories = new Map<string, string[]>()

  scriptSend(recipient: string, response: FakeResponse): void {
    this.#sendScripts.set(digitsOf(recipient), { response, remaining: response.times ?? Infinity })
  }

  scriptOperation(operation: FakeOperation, response: FakeResponse, provider?: FakeProvider): void {
    this.#operationScripts.set(`${provider ?? '*'}:${operation}`, { response, remaining: response.times ?? Infinity })
  }

  /** The scripted answer for this request, if any, consuming one use. */
  takeScript(provider: FakeProvider, operation: FakeOperation, recipient?: string): FakeResponse | undefined {
    const keys: Array<[Map<string, ScriptEntry>, string]> =
      operation === 'send' && recipient !== undefined
        ? [[this.#sendScripts, digitsOf(recipient)]]
        : [
            [this.#operationScripts, `${provider}:${operation}`],
            [this.#operationScripts, `*:${operation}`],
          ]
    for (const [map, key] of keys) {
      const entry = map.get(key)
      if (!entry) continue
      entry.remaining -= 1
      if (entry.remaining <= 0) map.delete(key)
      return entry.response
    }
    return undefined
  }

  setInventory(country: string, numbers: string[]): void {
    this.#inventories.set(country.toUpperCase(), [...numbers])
  }

  /** Numbers for sale (E.164) whose national part starts with `prefix`, excluding rented ones. */
  available(country: string, prefix?: string): string[] {
    const upper = country.toUpperCase()
    const stock = this.#inventories.get(upper) ?? defaultInventory(upper)
    return stock.filter((n) => !this.rented.has(n) && (prefix === undefined || nationalDigits(n).startsWith(prefix)))
  }

  isForSale(phoneNumber: string): boolean {
    if (this.rented.has(phoneNumber)) return false
    for (const stock of this.#inventories.values()) if (stock.includes(phoneNumber)) return true
    return ['US', 'CA'].some((c) => !this.#inventories.has(c) && defaultInventory(c).includes(phoneNumber))
  }

  clearScripts(): void {
    this.#sendScripts.clear()
    this.#operationScripts.clear()
  }

  reset(): void {
    this.clearScripts()
    this.requests.length = 0
    this.accepted.length = 0
    this.rented.clear()
    this.#inventories.clear()
  }
}

function defaultInventory(country: string): string[] {
  if (country !== 'US' && country !== 'CA') return []
  // Canada shares +1; give it its own (fictional) area codes so the two stocks do not overlap.
  const areaCodes = country === 'US' ? FICTIONAL_AREA_CODES : ['416']
  return areaCodes.flatMap((areaCode) => Array.from({ length: 100 }, (_, line) => fictionalNumber(areaCode, line)))
}

/** Digits after the +1 country code (the fake only sells NANP numbers by default; others keep all digits). */
function nationalDigits(e164: string): string {
  const digits = digitsOf(e164)
  return digits.startsWith('1') && digits.length === 11 ? digits.slice(1) : digits
}
