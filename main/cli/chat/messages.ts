// Every text `mpp chat` shows, in English and Chinese, and the rule that picks the language
// (--lang, else LC_ALL / LC_MESSAGES / LANG starting with "zh").

export type ChatLang = 'en' | 'zh'

export function pickLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): ChatLang {
  if (flag === 'en' || flag === 'zh') return flag
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'
}

export interface ChatMessages {
  welcome: string
  help: string
  askMedia: string
  mediaPrompt: string
  prompt: string
  assistant: string
  loading: (path: string) => string
  loaded: (ms: number) => string
  restarted: string
  stopped: string
  pressAgain: string
  historyCleared: string
  noHistory: string
  noMedia: string
  added: (path: string) => string
  seed: (seed: number) => string
  confUpdated: string
  confReset: string
  unknownCommand: (name: string) => string
  bye: string
}

const EN: ChatMessages = {
  welcome: 'Welcome to MPP chat. Type a message to chat; :h shows the commands.',
  help: [
    'Commands:',
    '  :help / :h              Show this help',
    '  :exit / :quit / :q      Leave the chat',
    '  :clear / :cl            Clear the screen',
    '  :clear-his / :clh       Clear the history (the images stay and are sent again)',
    '  :history / :his         Show the history',
    '  :img                    Show the images and videos in use',
    '  :add PATH               Add an image or video to the next turn',
    '  :seed                   Show the random seed',
    '  :seed N                 Set the random seed to N',
    '  :conf                   Show the generation options',
    '  :conf key=value ...     Change generation options (e.g. max_new_tokens=64 do_sample=true)',
    '  :reset-conf             Restore the default generation options',
    'Ctrl-C stops an answer; Ctrl-C twice at the prompt leaves.'
  ].join('\n'),
  askMedia: 'Enter image or video paths, one per line; :f when finished.',
  mediaPrompt: 'Path (:f to finish)> ',
  prompt: 'User> ',
  assistant: 'Assistant: ',
  loading: (path) => `Loading ${path} ...`,
  loaded: (ms) => `Model ready (${(ms / 1000).toFixed(1)} s).`,
  restarted: '[the model host restarted; answering again]',
  stopped: '[stopped]',
  pressAgain: '(Press Ctrl-C again to leave, or type :q)',
  historyCleared: 'History cleared; the images stay and go with your next message.',
  noHistory: '(no history)',
  noMedia: '(no images or videos)',
  added: (path) => `Added ${path}; it goes with your next message.`,
  seed: (seed) => `Random seed: ${seed}`,
  confUpdated: 'Generation options updated.',
  confReset: 'Generation options reset to the defaults.',
  unknownCommand: (name) => `Unknown command :${name}; :h lists the commands.`,
  bye: 'Bye.'
}

const ZH: ChatMessages = {
  welcome: '欢迎使用 MPP 对话。输入内容即可对话；输入 :h 查看命令。',
  help: [
    '命令：',
    '  :help / :h              显示本帮助',
    '  :exit / :quit / :q      退出对话',
    '  :clear / :cl            清屏',
    '  :clear-his / :clh       清除对话历史（图片保留，并随下一条消息再次发送）',
    '  :history / :his         显示对话历史',
    '  :img                    显示正在使用的图片和视频',
    '  :add 路径               为下一轮添加图片或视频',
    '  :seed                   显示随机种子',
    '  :seed N                 将随机种子设为 N',
    '  :conf                   显示生成参数',
    '  :conf 键=值 ...         修改生成参数（例如 max_new_tokens=64 do_sample=true）',
    '  :reset-conf             恢复默认生成参数',
    'Ctrl-C 停止当前回答；在提示符处连按两次 Ctrl-C 退出。'
  ].join('\n'),
  askMedia: '请输入图片或视频路径，每行一个；输入 :f 结束。',
  mediaPrompt: '路径（:f 结束）> ',
  prompt: '用户> ',
  assistant: '助手：',
  loading: (path) => `正在加载 ${path} ...`,
  loaded: (ms) => `模型已就绪（${(ms / 1000).toFixed(1)} 秒）。`,
  restarted: '[模型进程已重启；重新回答]',
  stopped: '[已停止]',
  pressAgain: '（再按一次 Ctrl-C 退出，或输入 :q）',
  historyCleared: '对话历史已清除；图片保留，并随下一条消息发送。',
  noHistory: '（无对话历史）',
  noMedia: '（没有图片或视频）',
  added: (path) => `已添加 ${path}，将随下一条消息发送。`,
  seed: (seed) => `随机种子：${seed}`,
  confUpdated: '生成参数已更新。',
  confReset: '生成参数已恢复默认。',
  unknownCommand: (name) => `未知命令 :${name}；输入 :h 查看命令。`,
  bye: '再见。'
}

export const CHAT_MESSAGES: Record<ChatLang, ChatMessages> = { en: EN, zh: ZH }
