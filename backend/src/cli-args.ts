// The CLI's argument parsing, apart from cli.ts (which runs on import) so that it can be unit-tested.

/** `content:import [dir] [--questions <bank>]`, in any order. */
export function contentImportArgs(args: string[], usage = ''): { dir: string | undefined; questions: string | undefined } {
  let dir: string | undefined;
  let questions: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--questions') {
      questions = args[++i];
      if (!questions) throw new Error('--questions needs a directory');
    } else if (a.startsWith('--questions=')) questions = a.slice('--questions='.length);
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a}\n${usage}`);
    else if (dir === undefined) dir = a;
    else throw new Error(`Unexpected argument ${a}\n${usage}`);
  }
  return { dir, questions };
}
