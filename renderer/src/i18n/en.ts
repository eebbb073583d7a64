// English UI text.
export const en = {
  app: { title: 'MPP Desktop' },
  sidebar: {
    newConversation: 'New conversation',
    search: 'Search conversations',
    pin: 'Pin to the top',
    rename: 'Rename',
    delete: 'Delete',
    confirmDelete: 'Delete “{{title}}”?',
    empty: 'No conversations yet',
    conversations: 'Conversations',
    turns_one: '{{count}} turn',
    turns_other: '{{count}} turns',
    import: 'Import conversation…',
    importHint: 'A Markdown export: its .zip, or the conversation.json in its folder',
    imported: 'Imported “{{title}}”'
  },
  header: {
    language: 'Language',
    theme: 'Theme',
    dark: 'Dark',
    light: 'Light',
    settings: 'Generation settings',
    model: 'Model',
    compare: 'Compare images',
    help: 'Help',
    clearHistory: 'Clear history',
    exportMarkdown: 'Export Markdown',
    exportJson: 'Export training JSON'
  },
  chat: {
    you: 'You',
    assistant: 'Assistant',
    empty: 'Drop images or a video anywhere, then ask about them.',
    stop: 'Stop',
    regenerate: 'Regenerate',
    previousAnswer: 'Previous answer',
    nextAnswer: 'Next answer',
    answerOf: 'Answer {{index}} of {{count}}',
    edit: 'Edit',
    resend: 'Send edited question',
    cancel: 'Cancel',
    editQuestion: 'Edit question',
    stopped: 'Stopped',
    restarted: 'The model process stopped unexpectedly and was restarted; the answer starts again.',
    thinking: 'Writing…',
    firstToken: 'first token {{ms}} ms',
    speed: '{{rate}} tokens/s',
    tokens: '{{count}} tokens',
    greedy: 'greedy',
    beams: 'beam search ×{{count}}',
    sampled: 'sampled: temperature {{temperature}}, top-k {{topK}}, top-p {{topP}}, seed {{seed}}',
    penalty: 'repetition penalty {{value}}',
    received: 'What the model received',
    receivedImage: '{{label}}: {{width}}×{{height}} image → 224×224, {{tokens}} tokens',
    receivedVideo: '{{label}}: video, {{frames}} frames → 224×224 each, {{tokens}} tokens',
    failed: 'Failed: {{message}}',
    imagesKept: 'Kept for the next question: {{labels}}',
    image: 'Image {{label}}',
    video: 'Video {{label}}',
    showMedia: 'Show {{label}}: {{name}}',
    sideBySide: 'Side by side',
    answerNumber: 'Answer {{index}}',
    shownAnswer: 'shown',
    showThisAnswer: 'Show this one',
    decodingUnknown: 'settings not recorded',
    edited: 'edited by hand',
    editAnswer: 'Edit answer',
    saveAnswer: 'Save answer',
    editedByHand: 'Edited by hand: the next questions build on this text.',
    branch: 'Branch from here',
    branchHint: 'Continue in a new conversation with the history up to this question',
    branchTitle: '{{title}} (branch)',
    branched: 'Opened a branch: the original conversation is unchanged',
    editDropsLater_one:
      'Sending this removes the question after it and its answer; “Branch from here” keeps them.',
    editDropsLater_other:
      'Sending this removes the {{count}} questions after it and their answers; “Branch from here” keeps them.'
  },
  composer: {
    placeholder:
      'Ask about your images… (Enter to send, Shift+Enter for a new line, / for commands)',
    message: 'Message',
    send: 'Send',
    attach: 'Add images or videos',
    remove: 'Remove {{name}}',
    adding: 'Adding…',
    frames: 'Frames to sample',
    framesOf: '{{count}} of {{total}} frames',
    budget_one: 'The model will see {{count}} image: {{tokens}} image tokens',
    budget_other: 'The model will see {{count}} images: {{tokens}} image tokens',
    dropHere: 'Drop images or videos to attach them',
    commandsHint: 'Commands: /help /clear /clh /his /img /seed /conf /reset-conf'
  },
  settings: {
    title: 'Generation settings',
    doSample: 'Sample (do_sample)',
    numBeams: 'Beams (num_beams)',
    temperature: 'Temperature',
    topK: 'Top-k',
    topP: 'Top-p',
    repetitionPenalty: 'Repetition penalty',
    maxNewTokens: 'Max new tokens',
    seed: 'Seed',
    system: 'System prompt',
    reset: 'Reset to the defaults for new conversations',
    resetDefaults: 'Reset to the original defaults',
    scope: 'Changes apply to',
    scopeConversation: 'This conversation',
    scopeDefaults: 'New conversations (defaults)',
    appliesToConversation:
      'These are the settings of this conversation; other conversations keep their own.',
    appliesToDefaults:
      'These are the defaults new conversations start with; this conversation keeps its own.',
    noConversationDefaults:
      'No conversation is open: these are the defaults new conversations start with.'
  },
  model: {
    title: 'Model',
    state: 'State',
    states: {
      none: 'No model loaded',
      starting: 'Starting the model host…',
      loading: 'Loading…',
      ready: 'Ready',
      restarting: 'Restarting after a crash…',
      failed: 'Failed'
    },
    packages: 'Converted models',
    noPackages: 'No converted models yet.',
    load: 'Load',
    loadPath: 'Model folder',
    useDemo: 'Try the demo model (random weights)',
    restart: 'Restart model host',
    demoBadge: 'Demo model: random answers',
    split: 'Layer split across devices (e.g. 3,1)',
    preview: 'Preview placement',
    layersOn: 'Decoder layers on {{device}}',
    restOn: '{{count}} layers on {{device}} (the rest)',
    weights: 'Weights',
    kvCache: 'KV cache',
    vision: 'Vision tower',
    convertTitle: 'Convert the seed files',
    sources: {
      vit: 'EVA ViT-g checkpoint (eva_vit_g.pth)',
      blip2: 'BLIP-2 checkpoint (blip2_pretrained_flant5xxl.pth)',
      llm: 'Qwen-7B-Chat folder',
      sft: 'MPP SFT checkpoint (.pth)'
    },
    dtype: 'Precision',
    convertName: 'Name for the converted model',
    convert: 'Convert',
    converted: 'Converted {{name}}',
    progress: '{{phase}}: {{done}} / {{total}}'
  },
  compare: {
    title: 'Images side by side',
    none: 'No images in this conversation yet.',
    answer: 'Latest answer',
    layout: 'Layout',
    grid: 'Grid',
    swipe: 'Swipe',
    divider: 'Divider position',
    leftImage: 'Left:',
    rightImage: 'Right:'
  },
  help: {
    title: 'Help',
    keys: 'Enter sends, Shift+Enter adds a line, Ctrl/Cmd+N starts a new conversation, Esc stops the answer.',
    labels:
      'Images get labels A, B, C… in the order you add them; refer to them as “Image A”. Each image is placed before your question in label order.',
    commands: {
      help: 'show this help',
      clear: 'start a new, empty conversation',
      clh: 'clear history: the turns go, the images stay',
      his: 'how many turns are in this conversation',
      img: 'show the images side by side',
      seed: 'show the seed, or set it: /seed 7',
      conf: 'open settings, or set: /conf temperature=0.7 do_sample=true',
      'reset-conf': 'restore the defaults new conversations start with'
    }
  },
  commands: {
    history: 'This conversation has {{count}} turns.',
    seed: 'Seed: {{seed}}',
    confSet: 'Settings updated.',
    confReset: 'Settings restored to the defaults.',
    unknown:
      'Unknown command {{name}}: nothing was sent. Type /help for the commands, or start with // to send text that begins with /.'
  },
  // The contract's own words (preload/contract/generation-options.ts), the same at every front door.
  optionRefusal: {
    boolean: '{{message}}',
    number: '{{message}}',
    integer: '{{message}}',
    'unknown-option': '{{message}}',
    'not-key-value': '{{message}}'
  },
  export: {
    done: 'Exported to {{path}}',
    download: 'Download as .zip',
    reveal: 'Show in folder'
  },
  errors: { noConversation: 'Open or start a conversation first.' },
  notices: { dismiss: 'Dismiss' }
}

export type Messages = typeof en
