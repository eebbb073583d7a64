// The one registration line of the fake backend, evaluated before the CLI's modules run.
import { registerBackend } from '../../../../main/inference/devices/backends/registry'
import { fakeBackend } from '../fake-backend'

registerBackend(fakeBackend)
