/**
 * Parses the text of an `INFO` reply into `field -> value` (section headers and blank lines dropped).
 *
 * @example parseInfo(await redisCommand(node, ['INFO', 'replication']) as string).master_link_status
 */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1)
  }
  return fields
}
