/**
 * At most `limit` pieces of work at once, the rest queued in order: creates of a batch, and
 * downloads of finished videos. The one concurrency limiter of the package.
 */
export class Limiter {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.running++;
		try {
			return await work();
		} finally {
			this.running--;
			this.waiting.shift()?.();
		}
	}
}

/** Runs `work` over `inputs` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(inputs: T[], limit: number, work: (input: T, index: number) => Promise<R>): Promise<R[]> {
	const limiter = new Limiter(limit);
	return await Promise.all(inputs.map(async (input, index) => await limiter.run(async () => await work(input, index))));
}
