// 中文界面文字 (Chinese UI text).
import type { Messages } from './en'

export const zh: Messages = {
  app: { title: 'MPP Desktop' },
  sidebar: {
    newConversation: '新建对话',
    search: '搜索对话',
    rename: '重命名',
    delete: '删除',
    confirmDelete: '删除“{{title}}”？',
    empty: '还没有对话',
    conversations: '对话',
    turns_one: '{{count}} 轮',
    turns_other: '{{count}} 轮'
  },
  header: {
    language: '语言',
    theme: '主题',
    dark: '深色',
    light: '浅色',
    settings: '生成设置',
    model: '模型',
    compare: '对比图片',
    help: '帮助',
    clearHistory: '清空历史',
    exportMarkdown: '导出 Markdown',
    exportJson: '导出训练 JSON'
  },
  chat: {
    you: '你',
    assistant: '助手',
    empty: '把图片或视频拖到窗口任意位置，然后提问。',
    stop: '停止',
    regenerate: '重新生成',
    edit: '编辑',
    resend: '发送修改后的问题',
    cancel: '取消',
    editQuestion: '编辑问题',
    stopped: '已停止',
    thinking: '正在生成…',
    firstToken: '首个词元 {{ms}} 毫秒',
    speed: '{{rate}} 词元/秒',
    tokens: '{{count}} 个词元',
    received: '模型实际收到的内容',
    receivedImage: '{{label}}：{{width}}×{{height}} 图片 → 224×224，{{tokens}} 个词元',
    receivedVideo: '{{label}}：视频，{{frames}} 帧 → 每帧 224×224，{{tokens}} 个词元',
    failed: '失败：{{message}}',
    imagesKept: '保留到下一个问题：{{labels}}',
    image: '图片 {{label}}',
    video: '视频 {{label}}'
  },
  composer: {
    placeholder: '就图片提问…（Enter 发送，Shift+Enter 换行，/ 输入命令）',
    message: '消息',
    send: '发送',
    attach: '添加图片或视频',
    remove: '移除 {{name}}',
    adding: '正在添加…',
    frames: '采样帧数',
    framesOf: '{{total}} 帧中取 {{count}} 帧',
    budget_one: '模型将看到 {{count}} 张图像：{{tokens}} 个图像词元',
    budget_other: '模型将看到 {{count}} 张图像：{{tokens}} 个图像词元',
    dropHere: '松开即可添加图片或视频',
    commandsHint: '命令：/help /clear /clh /his /img /seed /conf /reset-conf'
  },
  settings: {
    title: '生成设置',
    doSample: '采样 (do_sample)',
    numBeams: '束数 (num_beams)',
    temperature: '温度',
    topK: 'Top-k',
    topP: 'Top-p',
    repetitionPenalty: '重复惩罚',
    maxNewTokens: '最大新词元数',
    seed: '随机种子',
    system: '系统提示词',
    reset: '恢复默认',
    noConversation: '打开一个对话后才能修改它的设置。'
  },
  model: {
    title: '模型',
    state: '状态',
    states: {
      none: '未加载模型',
      starting: '正在启动模型进程…',
      loading: '正在加载…',
      ready: '就绪',
      restarting: '崩溃后正在重启…',
      failed: '失败'
    },
    packages: '已转换的模型',
    noPackages: '还没有已转换的模型。',
    load: '加载',
    loadPath: '模型文件夹',
    useDemo: '试用演示模型（随机权重）',
    restart: '重启模型进程',
    demoBadge: '演示模型：回答是随机的',
    split: '各设备的层划分（例如 3,1）',
    preview: '预览放置',
    layersOn: '{{device}} 上的解码层数',
    restOn: '{{device}} 上 {{count}} 层（其余）',
    weights: '权重',
    kvCache: 'KV 缓存',
    vision: '视觉塔',
    convertTitle: '转换原始权重文件',
    sources: {
      vit: 'EVA ViT-g 权重（eva_vit_g.pth）',
      blip2: 'BLIP-2 权重（blip2_pretrained_flant5xxl.pth）',
      llm: 'Qwen-7B-Chat 文件夹',
      sft: 'MPP SFT 权重（.pth）'
    },
    dtype: '精度',
    convertName: '转换后模型的名称',
    convert: '转换',
    converted: '已转换 {{name}}',
    progress: '{{phase}}：{{done}} / {{total}}'
  },
  compare: { title: '图片并排对比', none: '这个对话里还没有图片。', answer: '最新回答' },
  help: {
    title: '帮助',
    keys: 'Enter 发送，Shift+Enter 换行，Ctrl/Cmd+N 新建对话，Esc 停止生成。',
    labels: '图片按添加顺序标为 A、B、C…；提问时可用“图片 A”指代。每张图片按标签顺序放在问题之前。',
    commands: {
      help: '显示本帮助',
      clear: '开始一个新的空对话',
      clh: '清空历史：对话轮次删除，图片保留',
      his: '当前对话的轮数',
      img: '并排显示图片',
      seed: '查看或设置种子：/seed 7',
      conf: '打开设置，或直接设置：/conf temperature=0.7 do_sample=true',
      'reset-conf': '恢复默认设置'
    }
  },
  commands: {
    history: '当前对话共有 {{count}} 轮。',
    seed: '种子：{{seed}}',
    confSet: '设置已更新。',
    confReset: '设置已恢复默认。'
  },
  export: { done: '已导出到 {{path}}', download: '下载 .zip', reveal: '在文件夹中显示' },
  errors: { noConversation: '请先打开或新建一个对话。' },
  notices: { dismiss: '关闭' }
}
