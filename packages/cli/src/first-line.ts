/**
 * The text before the first line break of stdin (a final `\r` dropped too); the rest is left
 * unread. Spaces are kept: they may be part of a password or secret. Undefined when stdin was empty.
 */
export async function firstLine(
  stdin: AsyncIterable<string | Uint8Array>,
): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = '';
  let sawData = false;
  for await (const chunk of stdin) {
    sawData = true;
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline).replace(/\r$/u, '');
  }
  text += decoder.decode();
  return sawData ? text.replace(/\r$/u, '') : undefined;
}
