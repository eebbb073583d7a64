// Names people gave their files, made safe to store and show: control characters (newlines, NUL,
// escape sequences) and the bidirectional overrides that can make `gpj.exe` read as `exe.jpg` are
// removed, and surrounding spaces trimmed. A name with nothing left is refused by the caller.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function cleanFileName(name: string): string {
  return name.replace(UNSAFE, '').trim()
}
