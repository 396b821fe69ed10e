// Fails when the API types are stale:
//  1. src/api/schema.d.ts is not what openapi-typescript generates from openapi.json;
//  2. openapi.json is not what the gateway's dump prints today (checked when the Python workspace
//     is present and `uv` runs; set CHECK_API_OFFLINE=1 to check only step 1).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const repo = join(root, '..')
const dir = mkdtempSync(join(tmpdir(), 'check-api-'))
let stale = false
try {
  const fresh = join(dir, 'schema.d.ts')
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, 'openapi.json'), '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  if (readFileSync(fresh, 'utf8') !== readFileSync(join(root, 'src/api/schema.d.ts'), 'utf8')) {
    console.error('src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result.')
    stale = true
  } else {
    console.log('src/api/schema.d.ts matches openapi.json')
  }

  const workspace = existsSync(join(repo, 'scripts', 'openapi_dump.py'))
  if (process.env.CHECK_API_OFFLINE === '1' || !workspace) {
    console.log('openapi.json not compared with the gateway (offline or no Python workspace)')
  } else {
    const dump = spawnSync('uv', ['run', '--frozen', 'python', 'scripts/openapi_dump.py'], {
      cwd: repo,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    })
    if (dump.error || dump.status !== 0) {
      console.error(`the gateway's OpenAPI dump failed:\n${dump.error?.message ?? dump.stderr}`)
      stale = true
    } else if (dump.stdout !== readFileSync(join(root, 'openapi.json'), 'utf8')) {
      console.error(
        'frontend/openapi.json differs from the gateway: run `npm run dump:api && npm run gen:api`, fix any type errors, commit.'
      )
      stale = true
    } else {
      console.log("openapi.json matches the gateway's merged document")
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(stale ? 1 : 0)
