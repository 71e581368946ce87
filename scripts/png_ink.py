#!/usr/bin/env python3
"""Fail when a PNG is blank or nearly so: the share of pixels that differ from the most common
colour (the background) must reach --min-ink, and enough distinct colours must show.

Standard library only (zlib): decodes 8-bit RGB, RGBA, grey and grey-alpha PNGs, the kinds a
browser's screenshot writes.

    python3 scripts/png_ink.py chart.png --min-ink 0.02 --min-colours 6
"""
import argparse
import struct
import sys
import zlib
from collections import Counter

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"{path}: unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png")
    parser.add_argument("--min-ink", type=float, default=0.02, help="least share of non-background pixels")
    parser.add_argument("--min-colours", type=int, default=4, help="least number of distinct colours")
    args = parser.parse_args()
    width, height, bpp, rows = decode(args.png)
    pixels = Counter()
    for row in rows:
        for x in range(0, len(row), bpp):
            pixels[row[x:x + min(bpp, 3)]] += 1
    total = width * height
    background, count = pixels.most_common(1)[0]
    ink = 1 - count / total
    # Antialiasing makes many near-identical colours; count only those covering 0.05% or more.
    colours = sum(1 for n in pixels.values() if n >= total * 0.0005)
    print(f"{args.png}: {width}x{height}, {ink:.1%} ink, {colours} colours")
    if ink < args.min_ink or colours < args.min_colours:
        print(f"{args.png}: blank or near-blank (needs {args.min_ink:.0%} ink and {args.min_colours} colours)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
