import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

export interface StubReply {
  status: number
  headers?: Record<string, string>
  /** JSON body; default `{ ok: status < 400 }`. */
  body?: unknown
  /** Milliseconds to wait before answering (to provoke timeouts). */
  delayMs?: number
}

/**
 * A stand-in for the SMS service over real HTTP: records every request and answers from a queue of replies
 * (then the fallback reply, 200 unless `replyAlways` set another, once the queue is empty).
 */
export class StubService {
  readonly requests: RecordedRequest[] = []
  private readonly replies: StubReply[] = []
  private fallback: StubReply = { status: 200 }
  private server: Server | null = null
  url = ''

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = ''
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (text += chunk))
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : null })
        const reply = this.replies.shift() ?? this.fallback
        setTimeout(() => {
          if (res.destroyed) return
          res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
          res.end(JSON.stringify(reply.body ?? { ok: reply.status < 400 }))
        }, reply.delayMs ?? 0)
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`
    return this
  }

  reply(...replies: StubReply[]): void {
    this.replies.push(...replies)
  }

  /** Answers this way once the queue is empty, until `reset`. */
  replyAlways(reply: StubReply): void {
    this.fallback = reply
  }

  reset(): void {
    this.requests.length = 0
    this.replies.length = 0
    this.fallback = { status: 200 }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
