// Stable attachment labels within a conversation: A…Z, then AA, AB, … in the order attached.

export function labelFor(index: number): string {
  let label = ''
  let n = index
  do {
    label = String.fromCharCode(65 + (n % 26)) + label
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return label
}
