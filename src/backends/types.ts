/**
 * The transport contract (DESIGN.md "Transports and the Box API").
 * Every transport (local via execa, ssh via ssh2, sim for the demo) implements `Transport`.
 */
export interface ExecOptions {
  /** Bytes written to the remote command's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /** Per-call timeout; on expiry the channel/process is closed and a TimeoutError is thrown. */
  timeoutMs?: number;
  /** Abort: closes the channel/process and rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  /** Exit status, or null when the command died on a signal. */
  code: number | null;
  signal: string | null;
}

export type TransportKind = 'local' | 'ssh' | 'sim';

export interface Transport {
  readonly kind: TransportKind;
  /** Human label of the target, e.g. `root@127.0.0.1:2222` or `local`. */
  readonly target: string;
  /** Run one argv (never a shell string). Over SSH the argv is quoted by src/lib/shellQuote. */
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Optional native batch: run calls one after the other, one result each.
   * When absent, the Box API frames the calls into ONE `sh -c` exec (see backends/batch.ts).
   */
  batch?(calls: readonly BatchCall[], opts?: ExecOptions): Promise<ExecResult[]>;
  /** Release the connection (idempotent). */
  close(): Promise<void>;
}

export interface BatchCall {
  argv: readonly string[];
  stdin?: string;
  /** Short label for the command log, e.g. `ubus call luci.metablogizer status`. */
  label?: string;
}

/** One entry of the command log (TUI panel, --debug, `secubox ... --verbose`). */
export interface CallEvent {
  box: string;
  label: string;
  argv: readonly string[];
  startedAt: number;
  ms: number;
  code: number | null;
  ok: boolean;
  /** When the call was part of a batch: its index in it, and the batch size. */
  batch?: { index: number; size: number };
  error?: string;
}

export type CallListener = (ev: CallEvent) => void;

/** Result of one call inside a batch (or of a single exec through the Box API), as text. */
export interface CallResult {
  argv: readonly string[];
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ubus -v list` parsed: object → method → param name → type (`String`, `Integer`, `Boolean`, `Table`, `Array`, …). */
export type UbusSignature = Record<string, Record<string, Record<string, string>>>;

export type UciOp =
  | { op: 'set'; config: string; section: string; option?: string; value: string }
  | { op: 'add_list'; config: string; section: string; option: string; value: string }
  | { op: 'del_list'; config: string; section: string; option: string; value: string }
  | { op: 'delete'; config: string; section: string; option?: string }
  | { op: 'add'; config: string; type: string; name?: string }
  | { op: 'rename'; config: string; section: string; option?: string; name: string };

export type ServiceAction = 'start' | 'stop' | 'restart' | 'reload' | 'enable' | 'disable';

export interface ServiceStatus {
  name: string;
  installed: boolean;
  enabled: boolean;
  running: boolean | null;
}

/**
 * The Box API (backends/box.ts implements it on top of any Transport).
 * Everything that talks to a box goes through this; screens and commands use it via core functions.
 */
export interface BoxApi {
  readonly name: string;
  readonly transport: Transport;
  /** Plain exec; records a CallEvent. */
  exec(argv: readonly string[], opts?: ExecOptions & { label?: string }): Promise<CallResult>;
  /** Many calls in ONE exec, one after the other, each with its own exit code. */
  batch(calls: readonly BatchCall[], opts?: ExecOptions): Promise<CallResult[]>;
  ubus: {
    /** JSON in, parsed JSON out. rpcd `{error}` / `{success:false}` / non-JSON / ubus failure → RemoteError. */
    call<T = unknown>(object: string, method: string, args?: Record<string, unknown>, opts?: ExecOptions): Promise<T>;
    list(object?: string, opts?: ExecOptions): Promise<UbusSignature>;
  };
  uci: {
    export(config: string, opts?: ExecOptions): Promise<string>;
    show(config: string, opts?: ExecOptions): Promise<string>;
    get(path: string, opts?: ExecOptions): Promise<string | undefined>;
    /** One `uci batch` + `uci commit`; on any failure `uci revert <config>` and throw. */
    apply(config: string, ops: readonly UciOp[], opts?: ExecOptions): Promise<void>;
  };
  service(name: string): {
    run(action: ServiceAction, opts?: ExecOptions): Promise<CallResult>;
    status(opts?: ExecOptions): Promise<ServiceStatus>;
  };
  files: {
    read(path: string, opts?: ExecOptions): Promise<string>;
    write(path: string, data: string | Buffer, opts?: ExecOptions & { mode?: string }): Promise<void>;
  };
  onCall(listener: CallListener): () => void;
  close(): Promise<void>;
}
