// The composer's prospective labels must equal the ones main assigns on send.
import { describe, expect, it } from 'vitest'
import { labelFor as mainLabel } from '../../../preload/contract/labels'
import { labelFor } from '../../../renderer/src/lib/labels'

describe('labelFor', () => {
  it('runs A…Z, then AA, AB…, the same on both sides', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(labelFor)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA'
    ])
    for (let i = 0; i < 800; i++) expect(labelFor(i)).toBe(mainLabel(i))
  })
})
