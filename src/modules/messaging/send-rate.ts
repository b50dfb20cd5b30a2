import pThrottle from 'p-throttle';

type Throttled = <T>(send: () => Promise<T>) => Promise<T>;

/**
 * The per-workspace send rate of the channels that have no pool of their own to pace them (SMS,
 * Telegram); email's is nodemailer's pool. A send over the limit waits for its slot instead of
 * being refused, so a burst is spread out. Like the SMTP pool, the limit holds per process.
 */
export class SendRateLimits {
  readonly #throttles = new Map<string, { ratePerSecond: number; run: Throttled }>();

  run<T>(workspaceId: string, channel: 'sms' | 'telegram', ratePerSecond: number, send: () => Promise<T>): Promise<T> {
    const key = `${workspaceId}:${channel}`;
    let throttle = this.#throttles.get(key);
    if (throttle?.ratePerSecond !== ratePerSecond) {
      // strict: no sliding second holds more than the limit, as providers count it.
      const run: Throttled = pThrottle({ limit: ratePerSecond, interval: 1000, strict: true })((task: () => Promise<unknown>) => task()) as Throttled;
      throttle = { ratePerSecond, run };
      this.#throttles.set(key, throttle);
    }
    return throttle.run(send);
  }
}
