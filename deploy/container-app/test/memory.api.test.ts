import { describeApi } from './support/describe-api.js'
import { startTestRuntime } from './support/test-runtime.js'

describeApi('in-memory persistence', () => startTestRuntime())
