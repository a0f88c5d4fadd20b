/** Whether an object has any own or inherited enumerable key, without listing them all. */
export function hasKeys(o: object): boolean {
  for (const _key in o) return true;
  return false;
}
