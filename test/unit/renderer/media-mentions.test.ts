// Where an answer refers to the conversation's media: the spans and labels below are counted by
// hand from the sentences, for each way a model (or person) names an image.
import { describe, expect, it } from 'vitest'
import { findMediaMentions } from '../../../renderer/src/lib/media-mentions'

const ABC = new Set(['A', 'B', 'C'])

function linked(text: string, labels: ReadonlySet<string> = ABC): Array<[string, string]> {
  return findMediaMentions(text, labels).map((m) => [text.slice(m.start, m.end), m.label])
}

describe('findMediaMentions', () => {
  it('links a single reference by label as the whole phrase', () => {
    expect(linked('Image A is brighter than image B.')).toEqual([
      ['Image A', 'A'],
      ['image B', 'B']
    ])
    expect(findMediaMentions('In image B, a dog.', ABC)).toEqual([
      { start: 3, end: 10, label: 'B' }
    ])
  })

  it('links each label of a list', () => {
    expect(linked('Images A and C show cats; pictures A, B or C differ; photos B vs C.')).toEqual([
      ['A', 'A'],
      ['C', 'C'],
      ['A', 'A'],
      ['B', 'B'],
      ['C', 'C'],
      ['B', 'B'],
      ['C', 'C']
    ])
  })

  it('links by number and by order, the k-th medium being label k', () => {
    expect(
      linked('Image 2 differs from the first image and the 3rd photo; image 4 does not exist.')
    ).toEqual([
      ['Image 2', 'B'],
      ['the first image', 'A'],
      ['the 3rd photo', 'C']
    ])
  })

  it('reads Chinese references', () => {
    expect(linked('图A比图片B更亮，第三张图片最暗；图片A、C 都有猫；视频2。')).toEqual([
      ['图A', 'A'],
      ['图片B', 'B'],
      ['第三张图片', 'C'],
      ['A', 'A'],
      ['C', 'C'],
      ['视频2', 'B']
    ])
  })

  it('leaves words that only look like references, and labels the conversation lacks', () => {
    expect(
      linked('Image Analysis of an image a day; image D; the imageA; images Z and Q.')
    ).toEqual([])
    expect(linked('Image AB and image A', new Set(['A', 'AB']))).toEqual([
      ['Image AB', 'AB'],
      ['image A', 'A']
    ])
  })
})
