// Two of the conversation's images over each other in one box, with a divider to swipe: the
// first image shows left of it and the second right of it, for images that differ in details.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationAttachment } from '../../../../preload/contract/types'

function ImageChoice(props: {
  label: string
  images: readonly ConversationAttachment[]
  value: string
  onChange: (id: string) => void
}): React.JSX.Element {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.images.map((image) => (
          <option key={image.id} value={image.id}>
            {image.label}: {image.name}
          </option>
        ))}
      </select>
    </label>
  )
}

export function SwipeCompare(props: {
  images: readonly ConversationAttachment[]
  previews: Readonly<Record<string, string>>
}): React.JSX.Element {
  const { t } = useTranslation()
  const { images, previews } = props
  const [chosenLeft, setLeft] = useState(images[0].id)
  const [chosenRight, setRight] = useState(images[1].id)
  const [divider, setDivider] = useState(50)
  // Another conversation's images replace these: fall back to its first two.
  const left = images.some((image) => image.id === chosenLeft) ? chosenLeft : images[0].id
  const right = images.some((image) => image.id === chosenRight) ? chosenRight : images[1].id
  const labelOf = (id: string): string =>
    t('chat.image', { label: images.find((image) => image.id === id)?.label ?? '' })
  return (
    <figure className="swipe">
      <div className="swipe-frame">
        <img src={previews[left]} alt={labelOf(left)} />
        <img
          className="swipe-top"
          src={previews[right]}
          alt={labelOf(right)}
          style={{ clipPath: `inset(0 0 0 ${divider}%)` }}
        />
        <div className="swipe-divider" style={{ left: `${divider}%` }} />
      </div>
      <input
        type="range"
        min={0}
        max={100}
        value={divider}
        aria-label={t('compare.divider')}
        onChange={(event) => setDivider(Number(event.target.value))}
      />
      <figcaption className="swipe-choices">
        <ImageChoice
          label={t('compare.leftImage')}
          images={images}
          value={left}
          onChange={setLeft}
        />
        <ImageChoice
          label={t('compare.rightImage')}
          images={images}
          value={right}
          onChange={setRight}
        />
      </figcaption>
    </figure>
  )
}
