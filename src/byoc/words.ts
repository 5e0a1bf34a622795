/** Counting in words, for messages people read: "1 DID", "3 DIDs", "2 addresses". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
