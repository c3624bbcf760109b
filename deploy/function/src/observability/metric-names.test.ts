import { MetricNames } from '@sms-notification/core'
import { describe, expect, it } from 'vitest'
import * as library from '../index.js'

describe('metric names on the package surface', () => {
  it('exports the names the dashboards and monitors query', () => {
    expect(library.FORWARD_FAILURE_METRIC).toBe('sms.webhook.forward_failure.total')
    // The core owns this one: the function must not drift from it.
    expect(library.SIGNATURE_FAILURE_METRIC).toBe(MetricNames.webhookSignatureFailure)
    expect(library.SIGNATURE_FAILURE_METRIC).toBe('sms.webhook.signature_failure.total')
  })
})
