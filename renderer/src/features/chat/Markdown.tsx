// An answer rendered as GitHub-flavoured Markdown (code, tables, lists); raw HTML stays text.
// Given the conversation's media labels, mentions such as "image B" become buttons that show it.
import { useMemo } from 'react'
import ReactMarkdown from 'react-markdown'
import type { Components, Options } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { MediaMention } from './MediaMention'
import { remarkMediaMentions } from './remark-media-mentions'

const components: Components = {
  span: ({ node: _node, children, ...props }) => {
    const label = (props as Record<string, unknown>)['data-media-label']
    if (typeof label !== 'string') return <span {...props}>{children}</span>
    return <MediaMention label={label}>{children}</MediaMention>
  }
}

export function Markdown(props: {
  text: string
  mediaLabels?: readonly string[]
}): React.JSX.Element {
  const key = props.mediaLabels?.join(' ') ?? ''
  const plugins = useMemo(
    (): Options['remarkPlugins'] => [
      remarkGfm,
      [remarkMediaMentions, { labels: new Set(key.split(' ').filter(Boolean)) }]
    ],
    [key]
  )
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={plugins} components={components}>
        {props.text}
      </ReactMarkdown>
    </div>
  )
}
