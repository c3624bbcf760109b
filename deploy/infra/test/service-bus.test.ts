import { describe, expect, it } from 'vitest'
import { pathIn, type Expr } from '../src/index.js'
import { deployment } from './support/deployments.js'
import { ENVIRONMENTS } from './support/paths.js'

const ROLE = {
  receiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  sender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  owner: '090c5cfd-751d-490a-894a-3ce6f1109419',
}

describe.each(ENVIRONMENTS)('Service Bus (%s)', (env) => {
  const module = deployment(env).module('serviceBus')
  const t = module.template
  const props = (resource: string) => module.evaluate(pathIn(t.resource(resource).value, ['properties'])) as Record<string, unknown>

  it('dead-letters on expiry and after a bounded number of deliveries, with a lock the SDK renews', () => {
    for (const entity of ['orderSubscription', 'retryQueue']) {
      const p = props(entity)
      expect(p.deadLetteringOnMessageExpiration, entity).toBe(true)
      expect(p.maxDeliveryCount, entity).toBeGreaterThanOrEqual(5)
      expect(p.maxDeliveryCount, entity).toBeLessThanOrEqual(10)
      expect(p.lockDuration, entity).toMatch(/^PT([3-5]0S|[1-5]M)$/)
    }
  })

  it('detects duplicates on sms-optout (the outbox relay republishes with the same message id)', () => {
    const p = props('optOutTopic')
    expect(p.requiresDuplicateDetection).toBe(true)
    expect(p.duplicateDetectionHistoryTimeWindow).toMatch(/^PT\d+[MH]$/)
    expect(module.evaluate(pathIn(t.resource('namespace').value, ['properties', 'disableLocalAuth']))).toBe(true)
  })

  it('creates the entities under the names the service is configured with', () => {
    const name = (resource: string) => module.evaluate(pathIn(t.resource(resource).value, ['name']))
    const d = deployment(env)
    expect(name('orderTopic')).toBe(d.value('orderTopicName'))
    expect(name('orderSubscription')).toBe(d.value('orderSubscriptionName'))
    expect(name('retryQueue')).toBe(d.value('retryQueueName'))
    expect(name('optOutTopic')).toBe(d.value('optOutTopicName'))
  })

  it('grants each identity only the data roles it needs, on single entities', () => {
    const service = module.scope('servicePrincipalId')
    const scaler = module.scope('scalerPrincipalId')
    const grants = t
      .resources()
      .filter((r) => r.type.startsWith('Microsoft.Authorization/roleAssignments'))
      .map((r) => {
        const body = r.value.t === 'if' ? r.value.body : r.value
        const scope = pathIn(body, ['scope']) as Expr
        const p = pathIn(body, ['properties'])
        const roleId = pathIn(p, ['roleDefinitionId'])
        const role = roleId.t === 'call' ? module.evaluate(roleId.args[1]!) : undefined
        return {
          conditional: r.value.t === 'if',
          scope: scope.t === 'id' ? scope.name : '?',
          principal: module.evaluate(pathIn(p, ['principalId'])),
          role,
        }
      })
    const unconditional = grants.filter((g) => !g.conditional)
    const has = (principal: unknown, role: string, scope: string) =>
      unconditional.some((g) => g.principal === principal && g.role === role && g.scope === scope)
    expect(has(service, ROLE.receiver, 'orderSubscription')).toBe(true)
    expect(has(service, ROLE.receiver, 'retryQueue')).toBe(true)
    expect(has(service, ROLE.sender, 'retryQueue')).toBe(true)
    expect(has(service, ROLE.sender, 'optOutTopic')).toBe(true)
    expect(has(scaler, ROLE.owner, 'orderTopic')).toBe(true)
    // Nothing on the whole namespace, and the service is no owner unless asked for explicitly.
    expect(grants.filter((g) => g.scope === 'namespace')).toEqual([])
    expect(unconditional.filter((g) => g.principal === service && g.role === ROLE.owner)).toEqual([])
    expect(unconditional.filter((g) => g.principal === scaler && g.role !== ROLE.owner)).toEqual([])
  })
})
