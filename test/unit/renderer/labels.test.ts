// Attachment labels, which the composer shows before sending and main assigns on send (both use
// the contract's labelFor): A…Z, then AA, AB…, by hand.
import { describe, expect, it } from 'vitest'
import { labelFor } from '../../../preload/contract/labels'

describe('labelFor', () => {
  it('runs A…Z, then AA, AB…', () => {
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
  })
})
