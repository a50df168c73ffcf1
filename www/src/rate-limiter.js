// RateLimiter: a Durable Object per limited thing (one phone number, one client
// address, the whole account, one client's status reads), counting attempts.
//
// Why a Durable Object: every call costs money and rings a stranger's phone, so "at most
// one call per number per 60 s" must hold even when 1,000 requests for that number
// arrive at once, at different Cloudflare locations. One object per key is one
// single-threaded place where all of them meet, and its storage is strongly consistent.
//
// Why it is atomic: tryReserve() checks and records in one synchronous stretch of code
// on the SQLite storage API (ctx.storage.sql is synchronous). No `await` between the
// check and the write, so no other request can run in between. The caller places the
// provider call only after every limit said yes (see call-limits.js), so there is no
// window in which a second request could slip through.

import { DurableObject } from "cloudflare:workers";

export class RateLimiter extends DurableObject {
  /**
   * Reserve one attempt if every rule allows it.
   *
   * @param {{ max: number, windowSeconds: number }[]} rules at most `max` attempts in any `windowSeconds`
   * @returns {Promise<{ allowed: true, reservation: number } | { allowed: false, retryAfterSeconds: number }>}
   *   `reservation` names the attempt for release()
   */
  async tryReserve(rules) {
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    this.createTable();
    sql.exec("DELETE FROM attempts WHERE expires_ms <= ?", now);

    let waitMs = 0;
    for (const { max, windowSeconds } of rules) {
      const windowStart = now - windowSeconds * 1000;
      const { n } = sql.exec("SELECT count(*) AS n FROM attempts WHERE at_ms > ?", windowStart).one();
      if (n >= max) {
        // The next attempt fits once the (n - max + 1)-th oldest one leaves the window.
        const { at_ms } = sql
          .exec("SELECT at_ms FROM attempts WHERE at_ms > ? ORDER BY at_ms LIMIT 1 OFFSET ?", windowStart, n - max)
          .one();
        waitMs = Math.max(waitMs, at_ms + windowSeconds * 1000 - now);
      }
    }
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };

    const expires = now + Math.max(...rules.map((rule) => rule.windowSeconds)) * 1000;
    sql.exec("INSERT INTO attempts (at_ms, expires_ms) VALUES (?, ?)", now, expires);
    const { reservation } = sql.exec("SELECT last_insert_rowid() AS reservation").one();
    // The reservation above is already decided and stored; the alarm only cleans up.
    await this.scheduleCleanup();
    return { allowed: true, reservation };
  }

  /**
   * Gives back an attempt reserved by tryReserve(): for a call that was never placed
   * because a later limit refused it (call-limits.js).
   */
  async release(reservation) {
    this.createTable();
    this.ctx.storage.sql.exec("DELETE FROM attempts WHERE rowid = ?", reservation);
  }

  /**
   * One token from a bucket of `perMinute` tokens that refills evenly: for status reads,
   * which are cheap and frequent, so a count per request would be waste.
   *
   * @returns {Promise<{ allowed: true } | { allowed: false, retryAfterSeconds: number }>}
   */
  async tryTake({ perMinute }) {
    const kv = this.ctx.storage.kv;
    const now = Date.now();
    const refillPerMs = perMinute / 60_000;
    const bucket = kv.get("bucket") ?? { tokens: perMinute, atMs: now };
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.atMs) * refillPerMs);
    if (tokens < 1) {
      kv.put("bucket", { tokens, atMs: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
    }
    kv.put("bucket", { tokens: tokens - 1, atMs: now });
    // A full bucket is the same as no bucket: forget it once it would have refilled.
    await this.ctx.storage.setAlarm(now + Math.ceil((perMinute - tokens + 1) / refillPerMs));
    return { allowed: true };
  }

  /** Drops attempts that no longer count; an object with none left keeps nothing. */
  async alarm() {
    const bucket = this.ctx.storage.kv.get("bucket");
    if (bucket) {
      // A read limiter (tryTake): its alarm fires once the bucket is full again.
      await this.ctx.storage.deleteAll();
      return;
    }
    this.createTable();
    this.ctx.storage.sql.exec("DELETE FROM attempts WHERE expires_ms <= ?", Date.now());
    await this.scheduleCleanup();
  }

  // One row per reserved attempt: when it was made, and when it stops counting for the
  // longest window it was checked against (Unix ms). Not created once in the
  // constructor: the cleanup's deleteAll() drops it while the object may stay in memory.
  createTable() {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS attempts (at_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)");
  }

  async scheduleCleanup() {
    const { next } = this.ctx.storage.sql.exec("SELECT min(expires_ms) AS next FROM attempts").one();
    if (next === null) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(next);
  }
}
