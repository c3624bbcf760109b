import { randomBytes } from 'node:crypto'
import type { FakeResponse } from './fake-provider-types.js'
import type { ProviderDialect, Route, RouteAnswer, RouteContext } from './route.js'
import { stringParam } from './route.js'

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`
const moreInfo = (code: number): string => `https://www.twilio.com/docs/errors/${code}`

export const twilioDialect: ProviderDialect = {
  errorBody(response: FakeResponse, status: number): unknown {
    return {
      ...(response.code === undefined ? {} : { code: response.code, more_info: moreInfo(response.code) }),
      message: response.message ?? `HTTP ${status}`,
      status,
    }
  },
  unauthorized(): RouteAnswer {
    return { status: 401, body: { code: 20003, message: 'Authenticate', more_info: moreInfo(20003), status: 401 } }
  },
}

function error(status: number, code: number, message: string): RouteAnswer {
  return { status, body: twilioDialect.errorBody({ code, message }, status) }
}

function accountAuthorized(context: RouteContext): boolean {
  const { accountSid, authToken } = context.credentials.twilio
  const accountInPath = context.path['account']
  return (
    context.basic?.user === accountSid &&
    context.basic.password === authToken &&
    (accountInPath === undefined || accountInPath === accountSid)
  )
}

const ACCOUNT = '^/2010-04-01/Accounts/(?<account>AC[0-9a-zA-Z]+)'

export const twilioRoutes: Route[] = [
  {
    provider: 'twilio',
    operation: 'send',
    method: 'POST',
    pattern: new RegExp(`${ACCOUNT}/Messages\\.json$`),
    authorized: accountAuthorized,
    recipient: (context) => stringParam(context.params, 'To'),
    handle(context) {
      const to = stringParam(context.params, 'To')
      const from = stringParam(context.params, 'From')
      const body = stringParam(context.params, 'Body') ?? ''
      if (!to) return error(400, 21604, "A 'To' phone number is required.")
      if (!from) return error(400, 21603, "A 'From' phone number is required.")
      const messageSid = sid('SM')
      const statusCallback = stringParam(context.params, 'StatusCallback')
      context.state.accepted.push({
        provider: 'twilio',
        id: messageSid,
        from,
        to,
        body,
        ...(statusCallback ? { statusCallbackUrl: statusCallback } : {}),
      })
      const account = context.path['account']
      return {
        status: 201,
        body: {
          sid: messageSid,
          account_sid: account,
          from,
          to,
          body,
          status: 'queued',
          direction: 'outbound-api',
          num_segments: '1',
          num_media: '0',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          date_updated: new Date().toUTCString(),
          error_code: null,
          error_message: null,
          messaging_service_sid: null,
          uri: `/2010-04-01/Accounts/${account}/Messages/${messageSid}.json`,
        },
      }
    },
  },
  {
    provider: 'twilio',
    operation: 'search-numbers',
    method: 'GET',
    pattern: new RegExp(`${ACCOUNT}/AvailablePhoneNumbers/(?<country>[A-Z]{2})/Local\\.json$`),
    authorized: accountAuthorized,
    handle(context) {
      const country = context.path['country'] ?? 'US'
      const pageSize = Number(context.query['PageSize'] ?? 50)
      const numbers = context.state.available(country, context.query['AreaCode']).slice(0, pageSize)
      return {
        status: 200,
        body: {
          available_phone_numbers: numbers.map((phoneNumber) => ({
            friendly_name: phoneNumber,
            phone_number: phoneNumber,
            iso_country: country,
            address_requirements: 'none',
            beta: false,
            capabilities: { voice: true, SMS: true, MMS: true },
          })),
          uri: `/2010-04-01/Accounts/${context.path['account']}/AvailablePhoneNumbers/${country}/Local.json`,
          next_page_uri: null,
          previous_page_uri: null,
        },
      }
    },
  },
  {
    provider: 'twilio',
    operation: 'buy-number',
    method: 'POST',
    pattern: new RegExp(`${ACCOUNT}/IncomingPhoneNumbers\\.json$`),
    authorized: accountAuthorized,
    handle(context) {
      const phoneNumber = stringParam(context.params, 'PhoneNumber')
      if (!phoneNumber || !context.state.isForSale(phoneNumber)) {
        return error(400, 21422, 'PhoneNumber requested is not available')
      }
      const numberSid = sid('PN')
      const smsUrl = stringParam(context.params, 'SmsUrl')
      context.state.rented.set(phoneNumber, { provider: 'twilio', phoneNumber, providerId: numberSid, ...(smsUrl ? { smsUrl } : {}) })
      return {
        status: 201,
        body: {
          sid: numberSid,
          account_sid: context.path['account'],
          phone_number: phoneNumber,
          friendly_name: phoneNumber,
          sms_url: smsUrl ?? null,
          sms_method: stringParam(context.params, 'SmsMethod') ?? 'POST',
          capabilities: { voice: true, sms: true, mms: true },
          status: 'in-use',
          uri: `/2010-04-01/Accounts/${context.path['account']}/IncomingPhoneNumbers/${numberSid}.json`,
        },
      }
    },
  },
  {
    provider: 'twilio',
    operation: 'release-number',
    method: 'DELETE',
    pattern: new RegExp(`${ACCOUNT}/IncomingPhoneNumbers/(?<sid>PN[0-9a-zA-Z]+)\\.json$`),
    authorized: accountAuthorized,
    handle(context) {
      for (const [phoneNumber, rented] of context.state.rented) {
        if (rented.provider === 'twilio' && rented.providerId === context.path['sid']) {
          context.state.rented.delete(phoneNumber)
          return { status: 204 }
        }
      }
      return error(404, 20404, 'The requested resource was not found')
    },
  },
  {
    provider: 'twilio',
    operation: 'attach-messaging-service',
    method: 'POST',
    pattern: /^\/v1\/Services\/(?<service>MG[0-9a-zA-Z]+)\/PhoneNumbers$/,
    authorized: accountAuthorized,
    handle(context) {
      const numberSid = stringParam(context.params, 'PhoneNumberSid')
      const rented = [...context.state.rented.values()].find((n) => n.provider === 'twilio' && n.providerId === numberSid)
      if (!rented) return error(400, 21710, 'The Phone Number Sid is invalid')
      rented.messagingServiceSid = context.path['service'] ?? ''
      return {
        status: 201,
        body: {
          sid: rented.providerId,
          account_sid: context.credentials.twilio.accountSid,
          service_sid: rented.messagingServiceSid,
          phone_number: rented.phoneNumber,
          country_code: 'US',
          capabilities: ['SMS'],
          date_created: new Date().toISOString(),
        },
      }
    },
  },
]
