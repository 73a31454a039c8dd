/** Errors of the UCI module. Both carry a one-line hint, as every secubox error does. */
import { SecuboxError } from '../errors.js';

/** A parse error, as libuci reports it: `Parse error (<reason>) at line <n>, byte <b>`. */
export class UciParseError extends SecuboxError {
  readonly reason: string;
  readonly line: number;
  readonly byte: number;
  constructor(reason: string, line: number, byte: number) {
    super(line ? `Parse error (${reason}) at line ${line}, byte ${byte}` : `Parse error (${reason})`, {
      hint: 'the real uci refuses this text too: fix the config file (`uci -S` reads it non-strictly)',
    });
    this.reason = reason;
    this.line = line;
    this.byte = byte;
  }
}

/** Text that is not what the uci command prints (`uci show`, `uci changes`, `uci export` output expected). */
export class UciFormatError extends SecuboxError {
  constructor(message: string) {
    super(message, { hint: 'the command output was not in the format uci prints; check the command and the box' });
  }
}
