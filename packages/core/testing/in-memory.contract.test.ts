import { describePersistenceContract } from './persistence.contract.js'
import { inMemoryPersistenceFixture } from './in-memory-persistence.js'

describePersistenceContract({ name: 'in-memory', setup: async ({ clock }) => inMemoryPersistenceFixture(clock) })
