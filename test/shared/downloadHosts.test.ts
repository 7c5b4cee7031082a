import { refusedDownloadHost } from '../../nodes/shared/binary';

describe('result downloads only from public hosts or the configured base URL host', () => {
	const base = 'https://api.freepik.com';
	it.each([
		'http://127.0.0.1/v.mp4',
		'http://127.9.9.9:8080/v.mp4',
		'http://localhost/v.mp4',
		'http://media.localhost/v.mp4',
		'http://169.254.169.254/latest/meta-data',
		'http://10.1.2.3/v.mp4',
		'http://172.16.0.1/v.mp4',
		'http://172.31.255.255/v.mp4',
		'http://192.168.1.10/v.mp4',
		'http://100.64.0.1/v.mp4',
		'http://0.0.0.0/v.mp4',
		'http://[::1]/v.mp4',
		'http://[fd00::1]/v.mp4',
		'http://[fe80::1]/v.mp4',
		'http://[::ffff:127.0.0.1]/v.mp4',
	])('refuses %s', (url) => {
		expect(refusedDownloadHost(url, base)).toMatch(/loopback, link-local or private/);
	});

	it.each(['https://cdn-magnific.freepik.com/v.mp4', 'http://172.32.0.1/v.mp4', 'http://8.8.8.8/v.mp4', 'http://[2001:db8::1]/v.mp4'])(
		'allows %s',
		(url) => expect(refusedDownloadHost(url, base)).toBeUndefined(),
	);

	it('trusts the host of a custom base URL (a self-hosted proxy or sandbox), on any port', () => {
		expect(refusedDownloadHost('http://127.0.0.1:9999/files/v.mp4', 'http://127.0.0.1:4010')).toBeUndefined();
		expect(refusedDownloadHost('http://192.168.1.10/v.mp4', 'http://127.0.0.1:4010')).toMatch(/192\.168\.1\.10/);
	});

	it('names the host, never the signed query', () => {
		const message = refusedDownloadHost('http://10.0.0.5/v.mp4?signature=SECRET123', base)!;
		expect(message).toContain('10.0.0.5');
		expect(message).not.toContain('SECRET123');
	});
});
