/** A keep-alive HTTP client for the benchmarks (node:http, lighter than fetch). */
import http from 'node:http';

export interface Answer {
  status: number;
  bytes: number;
  text: string;
}

export class BenchClient {
  private readonly agent: http.Agent;
  constructor(
    private readonly port: number,
    private readonly token: string,
    maxSockets = 16,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Sends a request; keeps the body text only when `keepText` (large reports are only counted). */
  send(
    method: string,
    path: string,
    opts: { body?: Buffer; type?: string; keepText?: boolean; onChunk?: (bytes: number) => void } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { Authorization: `Bearer ${this.token}` };
      if (opts.type) headers['Content-Type'] = opts.type;
      const req = http.request({ host: '127.0.0.1', port: this.port, path, method, headers, agent: this.agent }, (res) => {
        const parts: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          opts.onChunk?.(c.length);
          if (opts.keepText !== false) parts.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, text: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (opts.body) writeChunked(req, opts.body);
      else req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Writes a large body in 64 KiB chunks with backpressure. */
function writeChunked(req: http.ClientRequest, body: Buffer): void {
  let offset = 0;
  const pump = () => {
    while (offset < body.length) {
      const chunk = body.subarray(offset, offset + 65_536);
      offset += chunk.length;
      if (!req.write(chunk)) return void req.once('drain', pump);
    }
    req.end();
  };
  pump();
}
