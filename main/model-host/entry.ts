// Model host process entry (Electron utilityProcess or Node child process).
export {}
