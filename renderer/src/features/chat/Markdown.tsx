// An answer rendered as GitHub-flavoured Markdown (code, tables, lists); raw HTML stays text.
import ReactMarkdown from 'react-markdown'
import remarkGfm from 'remark-gfm'

const plugins = [remarkGfm]

export function Markdown(props: { text: string }): React.JSX.Element {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={plugins}>{props.text}</ReactMarkdown>
    </div>
  )
}
