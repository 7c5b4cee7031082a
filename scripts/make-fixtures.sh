#!/usr/bin/env bash
# Regenerates the small media fixtures committed under test/fixtures/.
# Not run by tests or CI; needs Debian's ffmpeg (apt-get install --no-install-recommends ffmpeg).
set -euo pipefail

fixtures_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/test/fixtures"
mkdir -p "$fixtures_dir"

# 1.5 s of a moving test pattern, 160x90 H.264 at 12 fps, no audio, moov atom first.
ffmpeg -hide_banner -loglevel error -y \
	-f lavfi -i "testsrc2=size=160x90:rate=12:duration=1.5" \
	-c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryslow -crf 38 \
	-movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
	-an "$fixtures_dir/video.mp4"

# A 320x320 still frame of the same pattern, as PNG.
ffmpeg -hide_banner -loglevel error -y \
	-f lavfi -i "testsrc2=size=320x320:rate=1:duration=1" \
	-frames:v 1 -pix_fmt rgb24 -fflags +bitexact -flags +bitexact \
	"$fixtures_dir/image.png"

ls -l "$fixtures_dir/video.mp4" "$fixtures_dir/image.png"
