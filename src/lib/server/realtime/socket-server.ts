// Socket.IO: the handshake uses the staff session cookie; rooms are joined by the server
// after a role check, never on the client's word.
import { parse as parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import { SESSION_COOKIE, currentSession, onSessionRevoked, readSession } from '../auth/sessions';
import type { ClientToServerEvents, RoomName, ServerToClientEvents, SocketData, Viewer } from '$lib/realtime/events';
import { isRoomName, roomFor } from './rooms';
import { trackLive } from '../shipping/track-live';

export type PackbenchServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PackbenchSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export function attachSocketAuth(io: PackbenchServer) {
  // the customers' tracking pages: a namespace of its own, without a staff session (F24)
  trackLive.attach(io);
  io.use(async (socket, next) => {
    try {
      const token = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const session = await readSession(token);
      if (!session) return next(new Error('unauthorized'));
      socket.data = { sessionId: session.sessionId, staffId: session.staff.id, name: session.staff.name, role: session.staff.role };
      next();
    } catch {
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket: PackbenchSocket) => {
    socket.join([`session:${socket.data.sessionId}`, staffRoom(socket.data.staffId)]);
    // a recovered socket gets its old rooms back, but the role may have changed while it was away
    if (socket.recovered) for (const r of socket.rooms) if (r !== socket.id && !stillAllowed(socket.data.role, r)) socket.leave(r);

    socket.on('join', async (room, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!isRoomName(room)) return reply({ ok: false, error: 'unknown room' });
      // the session and role as they are now, not as they were at connect (issue #12, finding 5)
      const session = await currentSession(socket.data.sessionId).catch(() => undefined);
      if (session === undefined) return reply({ ok: false, error: 'unavailable' });
      if (!session || session.staff.role !== socket.data.role) {
        reply({ ok: false, error: 'unauthorized' });
        socket.disconnect(true);
        return;
      }
      // signed in with a one-time password: nothing until they chose their own (issue #14)
      const target = session.staff.mustChangePassword ? null : roomFor(session.staff.role, room);
      if (!target) return reply({ ok: false, error: 'forbidden' });
      await socket.join(target);
      reply({ ok: true });
      if (room.startsWith('order:')) await broadcastPresence(io, room).catch(presenceFailed);
    });

    socket.on('leave', async (room) => {
      if (!isRoomName(room)) return;
      const target = roomFor(socket.data.role, room);
      if (!target) return;
      await socket.leave(target);
      if (room.startsWith('order:')) await broadcastPresence(io, room).catch(presenceFailed);
    });

    socket.on('disconnecting', () => {
      const orderRooms = [...socket.rooms].filter((r) => r.startsWith('order:')).map((r) => r.replace('#packer', '') as RoomName);
      // after the socket has left its rooms
      setImmediate(() => orderRooms.forEach((r) => broadcastPresence(io, r).catch(presenceFailed)));
    });
  });

  // a revoked session (sign-out elsewhere, a lost tablet) loses its sockets at once; every app
  // server hears the revocation from PocketBase and drops its own sockets (issue #17)
  onSessionRevoked((sessionId) => {
    const room = `session:${sessionId}`;
    io.local.to(room).emit('signedOut');
    io.local.in(room).disconnectSockets(true);
  });
}

const staffRoom = (staffId: string) => `staff:${staffId}`;

// with several servers presence asks the others; one that just died may not answer in time
const presenceFailed = (e: unknown) => console.warn('[realtime] presence not sent:', e instanceof Error ? e.message : e);

function stillAllowed(role: PackbenchSocket['data']['role'], room: string): boolean {
  if (room.startsWith('session:') || room.startsWith('staff:')) return true;
  const name = room.replace('#packer', '');
  return isRoomName(name) && roomFor(role, name) === room;
}

/**
 * A staff member was changed (role, active, deleted): each of their sockets whose session is
 * no longer valid, or no longer has the rights it connected with, is dropped (issue #12,
 * finding 5). Their screens reconnect with what the session allows now, or sign out.
 * Every app server's relay calls this for its own sockets (issue #17).
 */
export async function dropChangedStaffSockets(io: PackbenchServer, staffId: string) {
  for (const s of await io.local.in(staffRoom(staffId)).fetchSockets()) {
    const session = await currentSession(s.data.sessionId).catch(() => null);
    if (session && session.staff.role === s.data.role) continue;
    if (!session) s.emit('signedOut');
    s.disconnect(true);
  }
}

/** Who has this order open, sent to everyone who has it open (F15). */
async function broadcastPresence(io: PackbenchServer, room: RoomName) {
  const sockets = await io.in([room, `${room}#packer`]).fetchSockets();
  const seen = new Map<string, Viewer>();
  for (const s of sockets) seen.set(s.data.staffId, { staffId: s.data.staffId, name: s.data.name, role: s.data.role });
  io.to([room, `${room}#packer`]).emit('presence', { room, viewers: [...seen.values()] });
}
