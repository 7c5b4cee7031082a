/** Assertions that say what was expected and what was found. */
export class AssertionError extends Error {}

export function check(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionError(message);
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
	if (actual !== expected) {
		throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
	}
}

/** An MP4 (ISO BMFF) file starts with a box whose type is `ftyp`, at byte 4. */
export function checkMp4(bytes: Buffer, what: string): void {
	check(bytes.length >= 16, `${what}: expected an MP4, got ${bytes.length} bytes`);
	const boxSize = bytes.readUInt32BE(0);
	const boxType = bytes.subarray(4, 8).toString('latin1');
	check(boxType === 'ftyp', `${what}: expected an MP4 starting with an ftyp box, found ${JSON.stringify(boxType)}`);
	check(boxSize >= 8 && boxSize <= bytes.length, `${what}: ftyp box size ${boxSize} does not fit in ${bytes.length} bytes`);
}
