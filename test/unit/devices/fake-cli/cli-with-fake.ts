// The `mpp` CLI with the fake backend registered: what a build with one more backend module and
// one more registry line would be. Bundled by backend-registry.test.ts, then spawned.
import './register-fake'
import '../../../../main/cli/index'
