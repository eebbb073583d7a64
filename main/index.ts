// Electron main entry: boots the desktop app (see main/electron/).
export {}
