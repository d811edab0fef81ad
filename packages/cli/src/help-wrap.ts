/*
 * Wrapping of the example lines in `--help` (`  vaec train x.vae --steps 300   what it does`).
 * Commander wraps text at any space, which can cut `--set 'attack.lambda=grid(-8, 8, 9)'` in two
 * or leave `-o` at the end of one line and its value on the next. An example that does not fit
 * keeps its command whole: the comment moves to the next line, and a command longer than the
 * width breaks only between shell words, with a `\` continuation so it still pastes.
 */

const EXAMPLE = /^( {2,})(vaec\s.*)$/;
/** A shell word: unquoted runs and quoted strings glued together. */
const SHELL_WORD = /(?:[^\s'"]+|'[^']*'|"[^"]*")+/g;

/** Wraps `text` to `width` columns; `wrapProse` wraps every line that is not an example. */
export function wrapHelpText(
  text: string,
  width: number,
  wrapProse: (line: string, width: number) => string,
): string {
  return text
    .split("\n")
    .map((line) => {
      const example = EXAMPLE.exec(line);
      if (!example) return wrapProse(line, width);
      return line.length <= width ? line : wrapExample(example[1], example[2], width);
    })
    .join("\n");
}

function wrapExample(indent: string, body: string, width: number): string {
  // A comment is set off from the command by two or more spaces.
  const gap = /\s{2,}(?=\S)/.exec(body);
  const command = gap ? body.slice(0, gap.index) : body;
  const comment = gap ? body.slice(gap.index + gap[0].length) : "";
  const lines = breakCommand(command, indent, width);
  if (comment !== "") lines.push(...wrapWords(comment, `${indent}    `, width));
  return lines.join("\n");
}

/** The command on as few lines as fit, broken between shell words with ` \` continuations. */
function breakCommand(command: string, indent: string, width: number): string[] {
  if (indent.length + command.length <= width) return [indent + command];
  const words = command.match(SHELL_WORD) ?? [];
  const lines: string[] = [];
  let current = indent;
  for (const word of words) {
    const next = current.trim() === "" ? current + word : `${current} ${word}`;
    if (next.length + 2 > width && current.trim() !== "") {
      lines.push(`${current} \\`);
      current = `${indent}  ${word}`;
    } else {
      current = next;
    }
  }
  lines.push(current);
  return lines;
}

/** Plain text wrapped at spaces, every line starting with `indent`. */
function wrapWords(text: string, indent: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/)) {
    if (current !== "" && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  if (current !== "") lines.push(indent + current);
  return lines;
}
