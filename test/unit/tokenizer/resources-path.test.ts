// The project-root locator that finds resources/ from the sources (here) and from out/main bundles
// (covered by cli.test.ts, which runs the built CLI from a temp working directory).
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot, resourcePath } from '../../../main/inference/resources-path'

describe('resources-path', () => {
  it('finds the folder whose package.json is named mpp-desktop', () => {
    expect(projectRoot()).toBe(resolve(import.meta.dirname, '../../..'))
    const manifest = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      name: string
    }
    expect(manifest.name).toBe('mpp-desktop')
  })

  it('joins parts under resources/', () => {
    expect(resourcePath('tokenizer', 'qwen.tiktoken')).toBe(
      join(projectRoot(), 'resources', 'tokenizer', 'qwen.tiktoken')
    )
  })
})
