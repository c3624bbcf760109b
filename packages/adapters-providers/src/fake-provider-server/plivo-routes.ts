import { randomUUID } from 'node:crypto'
import { digitsOf } from './fake-provider-state.js'
import type { FakeResponse } from './fake-provider-types.js'
import type { ProviderDialect, Route, RouteAnswer, RouteContext } from './route.js'
import { stringParam } from './route.js'

const apiId = (): string => randomUUID()

export const plivoDialect: ProviderDialect = {
  errorBody(response: FakeResponse, status: number): unknown {
    return { api_id: apiId(), error: response.message ?? `HTTP ${status}` }
  },
  unauthorized(): RouteAnswer {
    return { status: 401, body: { api_id: apiId(), error: 'Authentication credentials invalid' } }
  },
}

function error(status: number, message: string): RouteAnswer {
  return { status, body: plivoDialect.errorBody({ message }, status) }
}

function accountAuthorized(context: RouteContext): boolean {
  const { authId, authToken } = context.credentials.plivo
  return context.basic?.user === authId && context.basic.password === authToken && context.path['account'] === authId
}

const ACCOUNT = '^/v1/Account/(?<account>[0-9A-Za-z]+)'

export const plivoRoutes: Route[] = [
  {
    provider: 'plivo',
    operation: 'send',
    method: 'POST',
    pattern: new RegExp(`${ACCOUNT}/Message/$`),
    authorized: accountAuthorized,
    recipient: (context) => stringParam(context.params, 'dst'),
    handle(context) {
      const src = stringParam(context.params, 'src')
      const dst = stringParam(context.params, 'dst')
      if (!src) return error(400, 'src parameter not present')
      if (!dst || !/^\d{8,15}$/.test(dst)) return error(400, 'dst parameter is invalid')
      const messageUuid = randomUUID()
      const url = stringParam(context.params, 'url')
      context.state.accepted.push({
        provider: 'plivo',
        id: messageUuid,
        from: `+${digitsOf(src)}`,
        to: `+${dst}`,
        body: stringParam(context.params, 'text') ?? '',
        ...(url ? { statusCallbackUrl: url } : {}),
      })
      return { status: 202, body: { api_id: apiId(), message: 'message(s) queued', message_uuid: [messageUuid] } }
    },
  },
  {
    provider: 'plivo',
    operation: 'search-numbers',
    method: 'GET',
    pattern: new RegExp(`${ACCOUNT}/PhoneNumber/$`),
    authorized: accountAuthorized,
    handle(context) {
      const country = context.query['country_iso'] ?? 'US'
      const limit = Number(context.query['limit'] ?? 20)
      const available = context.state.available(country, context.query['pattern'])
      const objects = available.slice(0, limit).map((e164) => ({
        number: digitsOf(e164),
        prefix: digitsOf(e164).slice(1, 4),
        country: country === 'US' ? 'UNITED STATES' : country,
        type: context.query['type'] ?? 'local',
        sub_type: 'local',
        region: 'FICTIONAL',
        sms_enabled: true,
        mms_enabled: true,
        voice_enabled: true,
        monthly_rental_rate: '0.50000',
        setup_rate: '0.00000',
        sms_rate: '0.00000',
        restriction: null,
        resource_uri: `/v1/Account/${context.path['account']}/PhoneNumber/${digitsOf(e164)}/`,
      }))
      return {
        status: 200,
        body: {
          api_id: apiId(),
          meta: { limit, next: null, offset: 0, previous: null, total_count: available.length },
          objects,
        },
      }
    },
  },
  {
    provider: 'plivo',
    operation: 'buy-number',
    method: 'POST',
    pattern: new RegExp(`${ACCOUNT}/PhoneNumber/(?<number>\\d+)/$`),
    authorized: accountAuthorized,
    handle(context) {
      const number = context.path['number'] ?? ''
      const phoneNumber = `+${number}`
      if (!context.state.isForSale(phoneNumber)) return error(404, 'Phone number is not available for purchase')
      const applicationId = stringParam(context.params, 'app_id')
      context.state.rented.set(phoneNumber, {
        provider: 'plivo',
        phoneNumber,
        providerId: number,
        ...(applicationId ? { applicationId } : {}),
      })
      return {
        status: 201,
        body: { api_id: apiId(), message: 'created', numbers: [{ number, status: 'Success' }], status: 'fulfilled' },
      }
    },
  },
  {
    provider: 'plivo',
    operation: 'release-number',
    method: 'DELETE',
    pattern: new RegExp(`${ACCOUNT}/Number/(?<number>\\d+)/$`),
    authorized: accountAuthorized,
    handle(context) {
      const phoneNumber = `+${context.path['number'] ?? ''}`
      const rented = context.state.rented.get(phoneNumber)
      if (rented?.provider !== 'plivo') return error(404, 'not found')
      context.state.rented.delete(phoneNumber)
      return { status: 204 }
    },
  },
]
