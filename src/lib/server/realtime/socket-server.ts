// Socket.IO: the handshake uses the staff session cookie; rooms are joined by the server
// after a role check, never on the client's word.
import { parse as parseCookie } from 'cookie';
import type { Server, Socket } from 'socket.io';
import { SESSION_COOKIE, onSessionRevoked, readSession } from '../auth/sessions';
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
    socket.join(`session:${socket.data.sessionId}`);

    socket.on('join', async (room, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!isRoomName(room)) return reply({ ok: false, error: 'unknown room' });
      const target = roomFor(socket.data.role, room);
      if (!target) return reply({ ok: false, error: 'forbidden' });
      await socket.join(target);
      reply({ ok: true });
      if (room.startsWith('order:')) await broadcastPresence(io, room);
    });

    socket.on('leave', async (room) => {
      if (!isRoomName(room)) return;
      const target = roomFor(socket.data.role, room);
      if (!target) return;
      await socket.leave(target);
      if (room.startsWith('order:')) await broadcastPresence(io, room);
    });

    socket.on('disconnecting', () => {
      const orderRooms = [...socket.rooms].filter((r) => r.startsWith('order:')).map((r) => r.replace('#packer', '') as RoomName);
      // after the socket has left its rooms
      setImmediate(() => orderRooms.forEach((r) => broadcastPresence(io, r)));
    });
  });

  // a revoked session (sign-out elsewhere, a lost tablet) loses its sockets at once
  onSessionRevoked((sessionId) => {
    const room = `session:${sessionId}`;
    io.to(room).emit('signedOut');
    io.in(room).disconnectSockets(true);
  });
}

/** Who has this order open, sent to everyone who has it open (F15). */
async function broadcastPresence(io: PackbenchServer, room: RoomName) {
  const sockets = await io.in([room, `${room}#packer`]).fetchSockets();
  const seen = new Map<string, Viewer>();
  for (const s of sockets) seen.set(s.data.staffId, { staffId: s.data.staffId, name: s.data.name, role: s.data.role });
  io.to([room, `${room}#packer`]).emit('presence', { room, viewers: [...seen.values()] });
}
