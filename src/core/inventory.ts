/** Fleet inventory types. The conf-backed store is core/inventoryStore.ts. */
export interface BoxEntry {
  name: string;
  /** `local` means: this machine is the box (run ubus/uci directly). */
  host: string;
  port?: number;
  user?: string;
  identity?: string;
  /** ProxyJump, `[user@]host[:port]` */
  jump?: string;
  tags: string[];
  /** Taken from ~/.ssh/config when added with import-ssh-config */
  sshAlias?: string;
}

export const LOCAL_BOX: BoxEntry = { name: 'local', host: 'local', tags: [] };

export interface Inventory {
  readonly path: string;
  list(): BoxEntry[];
  get(name: string): BoxEntry | undefined;
  add(entry: BoxEntry): void;
  remove(name: string): boolean;
  getDefault(): string | undefined;
  setDefault(name: string | undefined): void;
  groups(): string[];
}
