import { randomBytes, randomUUID } from 'node:crypto';
import { bufferSource, generatedSource, type ByteSource } from '../media/byteSource';

/** Uploads larger than this are counted and hashed but only their first bytes are kept. */
export const ASSET_MEMORY_CAP_BYTES = 4 * 1024 * 1024;

export interface UploadSlot {
	fileId: string;
	contentType: string;
	token: string;
	expiresAt: number;
	assetExpiresAt: number;
}

export interface StoredAsset {
	id: string;
	contentType: string;
	provider: 'freepik' | 'apimart';
	filename?: string;
	createdAt: number;
	expiresAt: number;
	bytes: number;
	sha256: string;
	/** All the bytes when `complete`, else the first ASSET_MEMORY_CAP_BYTES. */
	data: Buffer;
	complete: boolean;
}

export class AssetStore {
	private readonly slots = new Map<string, UploadSlot>();
	private readonly assets = new Map<string, StoredAsset>();

	createSlot(contentType: string, expiresInMs: number, assetExpiresInMs: number): UploadSlot {
		const now = Date.now();
		const slot: UploadSlot = {
			fileId: randomUUID(),
			contentType,
			token: randomBytes(16).toString('hex'),
			expiresAt: now + expiresInMs,
			assetExpiresAt: now + assetExpiresInMs,
		};
		this.slots.set(slot.fileId, slot);
		return slot;
	}

	slot(fileId: string): UploadSlot | undefined {
		return this.slots.get(fileId);
	}

	newAssetId(): string {
		return randomUUID();
	}

	store(asset: StoredAsset): void {
		this.assets.set(asset.id, asset);
	}

	get(id: string): StoredAsset | undefined {
		return this.assets.get(id);
	}

	all(): StoredAsset[] {
		return [...this.assets.values()];
	}

	clear(): void {
		this.slots.clear();
		this.assets.clear();
	}
}

/** A truncated asset serves its kept prefix and then zeros, so sizes and ranges stay right. */
export function assetSource(asset: StoredAsset): ByteSource {
	if (asset.complete) return bufferSource(asset.data);
	return generatedSource(asset.bytes, (offset, length) => {
		const chunk = Buffer.alloc(length);
		if (offset < asset.data.length) asset.data.copy(chunk, 0, offset, Math.min(asset.data.length, offset + length));
		return chunk;
	});
}
