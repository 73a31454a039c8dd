/** The SSH transport: public surface. */
export { createSshTransport, MAX_COMMAND_BYTES, type SshTransport } from './transport.js';
export { fetchHostKey } from './hostkey.js';
export type { HostKeyPrompt, SecretPrompt, ServerFlavour, SshPrompter, SshTarget } from './types.js';
