// PocketBase applies one write transaction at a time. Fifty shoppers sending theirs at once
// only make them wait inside PocketBase, in no fair order (long tails). Checkout therefore
// hands PocketBase a few at a time and queues the rest here, first come first served.
export class Gate {
  private running = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly width: number) {}

  async through<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export const checkoutGate = new Gate(Number(process.env.CHECKOUT_TX_WIDTH ?? 8));
