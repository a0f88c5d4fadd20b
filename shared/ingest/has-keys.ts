/** Whether an object has at least one enumerable key, own or inherited, without listing them all. */
export function hasKeys(o: object): boolean {
  for (const _key in o) return true;
  return false;
}
