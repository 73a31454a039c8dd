import type { Session, SessionOptions } from './session.js';

export async function openSession(_opts: SessionOptions): Promise<Session> {
  throw new Error('session: not implemented yet');
}
