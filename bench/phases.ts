/**
 * Where a burst's requests spend their time on the server, from Node's own diagnostics channels (no change to the
 * app): when each connection was accepted, when its request was read (headers parsed) and when its answer was sent.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface Phase {
  connectedAt: number;
  readAt: number;
  answeredAt: number;
  status: number;
}

type Msg = { socket?: object; request?: { url?: string }; response?: { statusCode: number } };

export function tracePhases(pathSuffix: string) {
  const connected = new WeakMap<object, number>();
  const open = new WeakMap<object, Phase>();
  const phases: Phase[] = [];
  const onSocket = (m: unknown) => connected.set((m as Msg).socket!, performance.now());
  const onRequest = (m: unknown) => {
    const { socket, request, response } = m as Msg;
    if (!request?.url?.endsWith(pathSuffix) || !response) return;
    const now = performance.now();
    const phase = { connectedAt: connected.get(socket!) ?? now, readAt: now, answeredAt: Number.NaN, status: 0 };
    phases.push(phase);
    open.set(response, phase);
  };
  const onFinish = (m: unknown) => {
    const { response } = m as Msg;
    const phase = response && open.get(response);
    if (!phase) return;
    phase.answeredAt = performance.now();
    phase.status = response.statusCode;
  };
  subscribe('net.server.socket', onSocket);
  subscribe('http.server.request.start', onRequest);
  subscribe('http.server.response.finish', onFinish);
  return {
    phases,
    stop() {
      unsubscribe('net.server.socket', onSocket);
      unsubscribe('http.server.request.start', onRequest);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}
