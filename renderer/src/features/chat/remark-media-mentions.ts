// A remark plugin that turns mentions of the conversation's media in an answer's prose into
// `<span data-media-label="B">` elements (rendered as buttons by Markdown.tsx). Code, inline
// code and existing links are left alone.
import type { Parent, Root, RootContent, Text } from 'mdast'
import { findMediaMentions } from '../../lib/media-mentions'

export interface MediaMentionOptions {
  labels: ReadonlySet<string>
}

const SKIPPED = new Set(['code', 'inlineCode', 'link', 'linkReference', 'html'])

function mentionNode(text: string, label: string): Text {
  // mdast-util-to-hast makes an element of a node with hName; hProperties become attributes.
  const data = { hName: 'span', hProperties: { dataMediaLabel: label } }
  return { type: 'text', value: text, data: data as Text['data'] }
}

function splitText(node: Text, labels: ReadonlySet<string>): Text[] {
  const mentions = findMediaMentions(node.value, labels)
  if (mentions.length === 0) return [node]
  const parts: Text[] = []
  let at = 0
  for (const { start, end, label } of mentions) {
    if (start > at) parts.push({ type: 'text', value: node.value.slice(at, start) })
    parts.push(mentionNode(node.value.slice(start, end), label))
    at = end
  }
  if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) })
  return parts
}

function visit(parent: Parent, labels: ReadonlySet<string>): void {
  const children: RootContent[] = []
  for (const child of parent.children) {
    if (child.type === 'text') {
      children.push(...splitText(child, labels))
    } else {
      if ('children' in child && !SKIPPED.has(child.type)) visit(child, labels)
      children.push(child)
    }
  }
  parent.children = children
}

export function remarkMediaMentions(options: MediaMentionOptions): (tree: Root) => void {
  return (tree) => {
    if (options.labels.size > 0) visit(tree, options.labels)
  }
}
