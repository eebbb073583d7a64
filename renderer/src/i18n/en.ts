// English UI text.
export const en = {
  app: { title: 'MPP Desktop' },
  sidebar: {
    noMatch: 'No conversation matches “{{query}}”.',
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
    emptyTitle: 'Ask about your pictures',
    tryCompare: 'Drop two images, then try: “Compare image A and image B”',
    tryDescribe: 'One image: “What is unusual in this picture?”',
    tryVideo: 'A video: “What happens in this clip?” (its frames are sampled for you)',
    tryCommands: 'Type / for commands, e.g. /help or /conf temperature=0.7',
    copyMarkdown: 'Copy',
    copyMarkdownHint: 'Copy as Markdown',
    copyText: 'Copy as text',
    copied: 'Copied.',
    you: 'You',
    assistant: 'Assistant',
    empty: 'Drop images or a video anywhere in the window, or add them with the paperclip.',
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
    framesRange: 'Choose between {{min}} and {{max}} frames.',
    stripInfo: '{{duration}} s long · scroll the strip to see every sampled frame',
    frameAt: 'Frame {{index}} at {{time}} s',
    waitingFor: {
      none: 'Send waits for a model: open the model panel to load one or try the demo.',
      starting: 'Send waits for the model, which is starting; you can type meanwhile.',
      loading: 'Send waits for the model, which is loading; you can type meanwhile.',
      failed: 'Send waits for a model: this one failed to load (see the model panel).'
    },
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
  apiServer: {
    title: 'Local API server',
    loading: 'Reading the API server settings…',
    enabled: 'Serve the OpenAI-compatible API (/v1/chat/completions)',
    port: 'Port',
    listening: 'Listening at',
    url: 'API address',
    key: 'API key',
    noKey: 'none (revoked)',
    newKey: 'New key',
    revokeKey: 'Revoke key',
    loopback: 'Allow this computer without a key',
    log: 'API requests',
    noRequests: 'No requests yet.',
    time: 'Time',
    client: 'Client',
    status: 'Status',
    tokens: 'Tokens',
    speed: 'Speed',
    tokenCounts: '{{prompt}} in, {{completion}} out',
    tokensPerSec: '{{speed}} tokens/s'
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
    loadTitle: 'Load from a folder',
    loadPath: 'Model folder',
    useDemo: 'Try the demo model (random weights)',
    restart: 'Restart model host',
    demoNotice:
      'This is the built-in demo model: its weights are random, so its answers are random words. For real answers, get the real model: convert the seed’s weights once (below), then load them.',
    buildingDemo: 'Making the demo model…',
    loadingProgress: 'Model loading progress',
    bytesLine:
      'Weights {{weights}} · KV cache {{kv}} · vision {{vision}}: {{used}} of {{capacity}}',
    demoBadge: 'Demo model: random answers',
    split: 'Layer split across devices (e.g. 3,1)',
    preview: 'Preview placement',
    layersOn: 'Decoder layers on {{device}}',
    restOn: '{{count}} layers on {{device}} (the rest)',
    placement: {
      stage_one: '{{device}} {{count}} layer',
      stage_other: '{{device}} {{count}} layers',
      stageLayers_one: 'layer {{first}} on {{device}}',
      stageLayers_other: 'layers {{first}}–{{last}} on {{device}}',
      detail: 'Placement: {{stages}}',
      separator: ', '
    },
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
    progress: '{{phase}}: {{done}} / {{total}}',
    convertCancelled: 'Conversion cancelled; nothing was written.',
    realModel: {
      title: 'Get the real model',
      intro:
        'Download these files from the MPP-Qwen-Next project (its WEIGHT.md says where), choose them below, and convert them once. The app then loads the converted model.',
      downloads: 'Files to download',
      size: 'about {{gb}} GB',
      diskNeeded:
        'About {{download}} GB to download. The converted model needs about {{fp16}} GB of free disk at fp16, {{int4}} GB at int4, {{fp32}} GB at fp32.',
      webNoPaths:
        'This page cannot read files on the server’s disk. Convert in the desktop app, or start the server with “mpp serve --allow-paths” and reload this page.',
      browse: 'Browse…',
      browseFor: 'Browse for the {{what}}',
      needs: 'Convert needs the {{what}}.',
      badName: 'Give the converted model a name of letters, digits, “-” or “_”.',
      nameTaken: 'A converted model named {{name}} already exists; choose another name.',
      dtypes: {
        fp16: 'fp16 (about {{gb}} GB)',
        int4: 'int4, smallest (about {{gb}} GB)',
        fp32: 'fp32, exact (about {{gb}} GB)'
      },
      converting: 'Conversion progress',
      percent: '{{percent}}% converted',
      eta: 'about {{minutes}} minutes {{seconds}} seconds left',
      etaUnknown: 'estimating time left…',
      cancel: 'Cancel conversion'
    }
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
    history_one: 'This conversation has {{count}} turn.',
    history_other: 'This conversation has {{count}} turns.',
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
  shell: {
    conversations: 'Conversations',
    more: 'More actions',
    tools: 'Tools',
    closePanel: 'Close panel',
    openModelPanel: 'Open the model panel'
  },
  confirm: {
    clearTitle: 'Clear the history of “{{title}}”?',
    clearBody:
      'Its questions and answers are removed; its images stay for the next question. You can undo this for a short while.',
    clearYes: 'Clear history',
    historyCleared: 'History cleared.',
    undo: 'Undo'
  },
  files: {
    problems: {
      empty: '{{name}} is an empty file: it has nothing in it.',
      truncated:
        '{{name}} is cut off: the picture ends early. Copy it again from where it came from.',
      truncatedJpeg:
        '{{name}} is a cut-off JPEG: the picture ends early. Copy it again from where it came from.',
      'too-many-pixels':
        '{{name}} is larger than {{limit}} megapixels. Make it smaller and add it again.',
      'too-large': '{{name}} is larger than {{limit}} MB.',
      'no-video-track': '{{name}} has no video track: it holds sound or other data only.',
      'not-media':
        '{{name}} is not a picture or video the app reads (JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF; MP4, MKV, WebM, MOV, AVI, MPEG).',
      unreadable:
        '{{name}} could not be opened: it may be damaged, or in a format the app does not read.'
    },
    failed_one: '{{count}} file could not be used.',
    failed_other: '{{count}} files could not be used.',
    dismissAll: 'Dismiss all',
    duplicate: 'The same picture as {{name}}: it is sent once, under its first label.'
  },
  serverErrors: {
    badInput: 'That request was not accepted: a value is missing or out of range.',
    forbidden: 'The app may not open that place.',
    notFound: 'It is no longer there: it may have been deleted.',
    busy: 'Busy with another answer; try again when it is done.',
    noModel: 'No model is loaded yet. Open the model panel to load one.',
    unreadableFile: 'The file could not be read.',
    unsupportedFile: 'The app does not take this kind of file.',
    hostError: 'The model stopped working. Restart it from the model panel.',
    exportFailed: 'The export could not be written.',
    unavailable: 'This is not available here.',
    internal: 'Something went wrong inside the app.'
  },
  viewer: {
    open: 'Show {{label}} large',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fit: 'Fit to window',
    close: 'Close',
    fullWindow: 'Full window'
  },
  errors: { noConversation: 'Open or start a conversation first.' },
  notices: { dismiss: 'Dismiss' }
} as const

/** Each text may read differently in another language (en is `as const` for its placeholders). */
type AnyText<T> = { readonly [K in keyof T]: T[K] extends string ? string : AnyText<T[K]> }

/** The shape every language's catalogue has: en's keys, each with a text of its own. */
export type Messages = AnyText<typeof en>
