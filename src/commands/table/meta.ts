/** Verbs about secubox itself: help, shell completion scripts, and the hidden completion engine. */
import type { CommandSpec } from '../spec.js';

export const metaCommands: readonly CommandSpec[] = [
  {
    path: ['help'],
    summary: 'show help for secubox or for a command',
    description: 'Without a command, lists every command. With one (`secubox help box add`), shows its usage, arguments, '
      + 'options, examples, JSON fields and exit codes, exactly like `secubox box add --help`. '
      + '`secubox help exit-codes` explains the exit codes.',
    args: [{ syntax: '[command...]', description: 'a command (e.g. `box add`) or a topic (`exit-codes`)', complete: 'command' }],
    examples: ['secubox help', 'secubox help box add', 'secubox help exit-codes'],
    load: () => import('../help.js'),
  },
  {
    path: ['completion'],
    summary: 'print the shell completion script for bash, zsh or fish',
    description: 'Prints the script on stdout; install it once and TAB completes verbs, options, box names, groups, '
      + 'subsystems and the names last seen on your boxes (sites, services, peers, vhosts), without any network access.',
    args: [{ syntax: '<shell>', description: 'the shell to complete in', choices: ['bash', 'zsh', 'fish'] }],
    examples: [
      'mkdir -p ~/.local/share/bash-completion/completions && secubox completion bash > ~/.local/share/bash-completion/completions/secubox',
      'mkdir -p ~/.zfunc && secubox completion zsh > ~/.zfunc/_secubox   # ~/.zshrc: fpath=(~/.zfunc $fpath) before compinit',
      'mkdir -p ~/.config/fish/completions && secubox completion fish > ~/.config/fish/completions/secubox.fish',
    ],
    load: () => import('../completion.js'),
  },
  {
    path: ['__complete'],
    summary: 'answer a shell completion request (used by the completion scripts)',
    args: [{ syntax: '[words...]', description: 'the words after `secubox`, the last one being the word to complete' }],
    passThrough: true,
    hidden: true,
    load: () => import('../complete/command.js'),
  },
];
