import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../main.js";
import { COMMANDS, registerCommands, selectedCommand } from "./index.js";

/*
 * The command table `vaec --help` is built from (so that it loads no command module) must say
 * what the modules say, and every example in every `--help` must stay whole at any width.
 */

describe("the command table", () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    "%s: the table's summary and usage are the module's",
    async (name, entry) => {
      const program = new Command("vaec");
      (await entry.load()).register(program);
      const command = program.commands.find((c) => c.name() === name);
      expect(command?.summary() || command?.description()).toBe(entry.summary);
      expect(command?.usage()).toBe(entry.usage);
    },
  );

  it.each(COMMANDS.filter((c) => c.name !== "worker").map((c) => [c.name, c] as const))(
    "%s takes --json and its --help says what it prints",
    async (name, entry) => {
      const program = new Command("vaec");
      (await entry.load()).register(program);
      const command = program.commands.find((c) => c.name() === name)!;
      expect(command.options.map((o) => o.long)).toContain("--json");
      expect(command.description()).toMatch(/JSON|json/);
      expect(command.description()).toMatch(/\b(prints?|writes?)\b/i);
    },
  );

  it("picks the command argv runs, `help NAME` included", () => {
    expect(selectedCommand(["check", "a.vae"])).toBe("check");
    expect(selectedCommand(["--json", "eval", "runs/x"])).toBe("eval");
    expect(selectedCommand(["help", "train"])).toBe("train");
    expect(selectedCommand(["--version"])).toBeUndefined();
    expect(selectedCommand(["chekc"])).toBeUndefined();
  });

  it("lists every command in --help without loading one", async () => {
    const program = new Command("vaec");
    await registerCommands(program, ["--help"]);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    // Stand-ins have no options of their own: nothing was loaded to declare them.
    expect(program.commands.every((c) => c.options.length === 0)).toBe(true);
  });
});

/** The examples of a description: `  vaec ...` lines, command part only (before a 2-space gap). */
function examplesOf(description: string): string[] {
  return description
    .split("\n")
    .filter((line) => /^ {2,}vaec\s/.test(line))
    .map((line) => line.trim().split(/\s{2,}/)[0]);
}

/** The commands of a rendered help, continuation lines (` \`) joined back. */
function commandsInHelp(help: string): string[] {
  const lines = help.split("\n");
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s+vaec\s/.test(lines[i])) continue;
    let command = lines[i].trim();
    while (command.endsWith(" \\") && i + 1 < lines.length) {
      command = `${command.slice(0, -2)} ${lines[++i].trim()}`;
    }
    found.push(command.split(/\s{2,}/)[0]);
  }
  return found;
}

describe("help examples", () => {
  it.each([40, 60, 80, 100])("are never cut inside an argument at %i columns", async (width) => {
    const program = await buildProgram([], true);
    Object.assign(program.configureHelp(), { helpWidth: width });
    for (const command of program.commands) {
      const examples = examplesOf(command.description());
      const shown = commandsInHelp(command.helpInformation());
      expect(shown, `vaec ${command.name()} --help at ${width} columns`).toEqual(examples);
    }
  });
});
