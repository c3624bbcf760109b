import type { Sender, SenderResolution, SendSmsRequest } from '@sms-notification/core'

export const SENDER: Sender = { venuePhoneNumberId: 11, phoneNumber: '+12125550142' }

/** Text that must never reach a log line (message bodies and provider error texts carry personal data). */
export const SECRET_BODY = 'Hi Dana, order 8842 for 2 tickets is confirmed. Reply STOP to opt out.'
export const SECRET_PROVIDER_TEXT = 'Provider says: the body "Hi Dana" could not be delivered'

export function sendRequest(
  to: string,
  options: { resolution?: SenderResolution; statusCallbackUrl?: string; body?: string } = {},
): SendSmsRequest & { asked: string[] } {
  const asked: string[] = []
  const resolution = options.resolution ?? { kind: 'sender', sender: SENDER }
  return {
    to,
    body: options.body ?? SECRET_BODY,
    correlationId: 'order-8842',
    asked,
    ...(options.statusCallbackUrl ? { statusCallbackUrl: options.statusCallbackUrl } : {}),
    sender: async (provider) => {
      asked.push(provider)
      return resolution
    },
  }
}

/** A port nobody listens on: start a server, note its port, close it. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Asserts a captured log has no full phone number, message body or provider error text. */
export function leakedSecrets(logText: string, phoneNumbers: string[]): string[] {
  const leaks: string[] = []
  for (const phone of phoneNumbers) {
    if (logText.includes(phone) || logText.includes(phone.replace(/^\+/, ''))) leaks.push(phone)
  }
  for (const text of [SECRET_BODY, 'Hi Dana', SECRET_PROVIDER_TEXT]) if (logText.includes(text)) leaks.push(text)
  return leaks
}
